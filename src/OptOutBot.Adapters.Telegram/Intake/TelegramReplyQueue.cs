using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OptOutBot.Adapters.Telegram.Intake;

/// <summary>
/// Webhook mode answers Telegram at once and makes the remaining calls of a turn here, so a slow Bot API never holds
/// webhook requests open. A few workers drain a bounded queue; each turn's calls stay in order.
/// </summary>
internal sealed class TelegramReplyQueue(PlannedCallRunner runner, ILogger<TelegramReplyQueue> logger) : BackgroundService
{
    private const int Workers = 4;

    private readonly Channel<IReadOnlyList<PlannedCall>> _queue = Channel.CreateBounded<IReadOnlyList<PlannedCall>>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues a turn's calls; waits only when 10,000 turns are already waiting (back-pressure on the webhook).</summary>
    public ValueTask EnqueueAsync(IReadOnlyList<PlannedCall> calls, CancellationToken cancellationToken = default) =>
        calls.Count == 0 ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(calls, cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => DrainAsync(stoppingToken)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var calls in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await runner.RunAsync(calls, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Log.ReplyQueueStopped(logger, _queue.Reader.Count);
        }
    }
}
