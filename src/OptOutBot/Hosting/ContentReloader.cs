using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OptOutBot.Admin.Content;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Engine;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Hosting;

/// <summary>
/// Watches <c>Content:Path</c> while the host serves. After a burst of file events has been quiet for
/// <c>Content:ReloadDelay</c>, the whole folder is loaded and checked off the hot path (the same check as
/// <c>validate</c>); a valid set is swapped in with one reference swap, an invalid one is refused with every error
/// logged as file:line, and the previous content keeps serving.
/// </summary>
internal sealed class ContentReloader(
    LiveContent live,
    IServiceProvider services,
    IHostEnvironment environment,
    IOptions<ContentOptions> contentOptions,
    IOptions<ConversationOptions> conversationOptions,
    TimeProvider time,
    ILogger<ContentReloader> logger) : BackgroundService, IContentReload
{
    private readonly Lock _gate = new();

    private const int MaxErrorsLogged = 100;

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private int _attempts;

    /// <summary>Completed reloads, valid or refused (tests wait on it rather than on the clock).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = contentOptions.Value;
        var folder = Path.GetFullPath(options.Path, environment.ContentRootPath);
        if (!Directory.Exists(folder))
        {
            return;
        }

        using var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += OnChange;
        watcher.Error += (_, _) => _changes.Writer.TryWrite(true); // events were lost: reload to be sure
        watcher.EnableRaisingEvents = true;
        Log.ContentWatching(logger, options.Path);

        var quiet = options.ReloadDelay;
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _changes.Reader.TryRead(out _);
                await QuietAsync(quiet, stoppingToken).ConfigureAwait(false);
                ReloadNow();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        // Content is YAML; editors' swap and backup files are not (a folder event has no extension).
        var extension = Path.GetExtension(e.FullPath);
        if (extension is ".yaml" or ".yml" or "" || e is RenamedEventArgs)
        {
            _changes.Writer.TryWrite(true);
        }
    }

    /// <summary>Returns once no change has arrived for <paramref name="quiet"/>.</summary>
    private async Task QuietAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var elapsed = Task.Delay(quiet, time, wait.Token);
            var more = _changes.Reader.WaitToReadAsync(wait.Token).AsTask();
            var first = await Task.WhenAny(elapsed, more).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == elapsed)
            {
                return;
            }

            _changes.Reader.TryRead(out _);
        }
    }

    /// <summary>The console's "write, then validate and reload": the same check and swap as a watched edit, at once.</summary>
    public ContentReloadResult ReloadNow()
    {
        // One check at a time: the watcher's and the console's never interleave their swaps.
        lock (_gate)
        {
            return Reload();
        }
    }

    private ContentReloadResult Reload()
    {
        try
        {
            var check = ContentCheck.Run(environment.ContentRootPath, contentOptions.Value, conversationOptions.Value.LogUnansweredQuestions, time, live.Current.CommandRegistry);
            if (!check.IsValid || check.Content is null)
            {
                var errors = check.Errors.ToList();
                Log.ContentEditRefused(logger, errors.Count);
                foreach (var error in errors.Take(MaxErrorsLogged))
                {
                    Log.ContentError(logger, error);
                }

                return new ContentReloadResult(false, errors);
            }

            live.Swap(check.Content);
            services.GetService<IDeadlineCalendarSource>()?.Refresh();
            EngineServiceCollectionExtensions.LogWarnings(logger, check.Content, contentOptions.Value, time);
            Log.ContentReloaded(logger, live.Generation, check.Content.Locales.Count, check.Content.Topics(check.Content.DefaultLocale).Count);
            return new ContentReloadResult(true, []);
        }
        catch (IOException ex)
        {
            // A file still being written or moved: the next event (or the next save) reloads again.
            Log.ContentReloadFailed(logger, ex.Message);
            return new ContentReloadResult(false, [ex.Message]);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.ContentReloadFailed(logger, ex.Message);
            return new ContentReloadResult(false, [ex.Message]);
        }
#pragma warning disable CA1031 // A defect in loading an edit must never stop a serving host; it is logged and the old content serves.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ContentReloadFailed(logger, ex.GetType().Name + ": " + ex.Message);
            return new ContentReloadResult(false, [ex.GetType().Name + ": " + ex.Message]);
        }
        finally
        {
            Interlocked.Increment(ref _attempts);
        }
    }
}
