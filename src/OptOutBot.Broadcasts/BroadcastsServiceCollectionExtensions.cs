using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Broadcasts.Cli;
using OptOutBot.Broadcasts.Dispatch;
using OptOutBot.Broadcasts.Outbox;
using OptOutBot.Broadcasts.Scheduling;
using OptOutBot.Broadcasts.Subscriptions;
using OptOutBot.Engine.Configuration;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Broadcasts;

public static class BroadcastsServiceCollectionExtensions
{
    /// <summary>
    /// Subscriptions (/subscribe, /unsubscribe, /mydata, /forget), the calendar, and when <c>Broadcasts:Enabled</c> the
    /// scheduler and dispatcher. The stores (<see cref="ISubscriptionStore"/>, <see cref="IOutboxStore"/>) come from
    /// OptOutBot.Storage (AddSqliteBroadcastStores / AddPostgresStorage).
    /// </summary>
    public static IServiceCollection AddOptOutBotBroadcasts(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(BroadcastsOptions.SectionName);
        services.AddOptions<BroadcastsOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BroadcastsOptions>>(new BroadcastsOptionsValidator(section));

        services.AddDeadlineCalendar(configuration);
        services.TryAddSingleton<DispatchSignal>();
        services.TryAddSingleton(sp => new BroadcastMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        services.TryAddSingleton<SubscriptionService>();
        services.AddSingleton<ISubscriptionPort>(sp => sp.GetRequiredService<SubscriptionService>());
        services.AddSingleton<IPersonalDataSource>(sp => sp.GetRequiredService<SubscriptionService>());
        services.TryAddSingleton<BroadcastCommands>();
        services.TryAddSingleton<ReminderScheduler>();
        services.TryAddSingleton<BroadcastDispatcher>();

        if (section.GetValue(nameof(BroadcastsOptions.Enabled), true))
        {
            services.AddHostedService<CalendarCheck>();
            services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
            services.AddHostedService(sp => sp.GetRequiredService<BroadcastDispatcher>());
        }

        return services;
    }

    /// <summary>
    /// The calendar (<c>&lt;Content:Path&gt;/deadlines.yaml</c>, or <c>Broadcasts:CalendarPath</c>) and the engine's view of it
    /// for the deadline answer. Loaded on first use; an invalid file stops the start with every error listed.
    /// </summary>
    /// <param name="contentRoot">What relative paths start from; default: the host's content root, else the current folder.</param>
    public static IServiceCollection AddDeadlineCalendar(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        // The same languages as the engine's: Content:Locales when set, else the content folder's languages.yaml.
        services.TryAddSingleton(sp =>
        {
            var content = configuration.GetSection(ContentOptions.SectionName).Get<ContentOptions>() ?? new ContentOptions();
            var languages = content.LanguagesIn(contentRoot ?? sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory());
            return new ContentLocales(languages);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeadlineCalendarSource>(sp =>
        {
            var calendarPath = configuration.GetSection(BroadcastsOptions.SectionName)[nameof(BroadcastsOptions.CalendarPath)];
            var root = contentRoot ?? sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            var path = string.IsNullOrWhiteSpace(calendarPath) ? Path.Combine(configuration["Content:Path"] ?? "dialogs", "deadlines.yaml") : calendarPath;
            return new FileDeadlineCalendarSource(Path.GetFullPath(path, root), sp.GetRequiredService<ContentLocales>().All, sp.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Broadcasts.Calendar"));
        });
        services.TryAddSingleton<IUpcomingEvents, CalendarUpcomingEvents>();
        return services;
    }

    /// <summary>
    /// Per-broadcast and per-channel counts in the Prometheus text format (queued / in_flight / sent / retried / gone /
    /// failed), for a scraper: the same store queries as the console and <c>broadcast status</c>. Counts only, nothing about recipients.
    /// </summary>
    public static IEndpointRouteBuilder MapBroadcastMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics/broadcasts")
    {
        endpoints.MapGet(pattern, async (IOutboxStore store, CancellationToken ct) =>
        {
            var text = new StringBuilder("# TYPE optoutbot_broadcast_messages gauge\n");
            foreach (var s in await store.ListStatsAsync(50, ct))
            {
                foreach (var (state, value) in new[] { ("queued", s.Queued), ("in_flight", s.InFlight), ("sent", s.Sent), ("retried", s.Retried), ("gone", s.Gone), ("failed", s.Failed) })
                {
                    text.Append(CultureInfo.InvariantCulture, $"optoutbot_broadcast_messages{{broadcast=\"{s.Id}\",kind=\"{s.Kind.ToString().ToLowerInvariant()}\",state=\"{state}\"}} {value}\n");
                }
            }

            text.Append("# TYPE optoutbot_broadcast_channel_messages gauge\n");
            foreach (var c in await store.ListChannelStatsAsync(50, ct))
            {
                foreach (var (state, value) in new[] { ("queued", c.Queued), ("in_flight", c.InFlight), ("sent", c.Sent), ("retried", c.Retried), ("gone", c.Gone), ("failed", c.Failed) })
                {
                    text.Append(CultureInfo.InvariantCulture, $"optoutbot_broadcast_channel_messages{{broadcast=\"{c.BroadcastId}\",channel=\"{c.Channel}\",state=\"{state}\"}} {value}\n");
                }
            }

            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        return endpoints;
    }

    /// <summary>Loads the calendar at start so invalid content stops the host with every error listed.</summary>
    private sealed class CalendarCheck(IDeadlineCalendarSource calendar) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(calendar.Current);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class BroadcastsOptionsValidator(IConfigurationSection section) : IValidateOptions<BroadcastsOptions>
    {
        public ValidateOptionsResult Validate(string? name, BroadcastsOptions options)
        {
            var errors = new List<ValidationResult>();
            errors.AddRange(RenamedSettings.Problems(section, BroadcastsOptions.Renamed).Select(p => new ValidationResult(p)));

            Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
            Validator.TryValidateObject(options.Dispatch, new ValidationContext(options.Dispatch), errors, validateAllProperties: true);
            foreach (var (channel, limits) in options.Limits)
            {
                if (limits.PerSecond < 0 || limits.PerAddressPerSecond < 0 || limits.PerGroupPerMinute < 0)
                {
                    errors.Add(new ValidationResult($"Broadcasts:Limits:{channel}: limits must be 0 (lifted) or positive."));
                }

                if (limits.SafetyMargin is < 0 or > 0.5)
                {
                    errors.Add(new ValidationResult($"Broadcasts:Limits:{channel}:SafetyMargin must be between 0 and 0.5."));
                }
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => e.ErrorMessage ?? "invalid Broadcasts setting"));
        }
    }
}
