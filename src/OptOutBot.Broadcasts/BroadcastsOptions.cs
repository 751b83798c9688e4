using System.ComponentModel.DataAnnotations;
using OptOutBot.Engine.Configuration;

namespace OptOutBot.Broadcasts;

/// <summary>The <c>Broadcasts</c> section of appsettings.json.</summary>
public sealed class BroadcastsOptions
{
    public const string SectionName = "Broadcasts";

    /// <summary>Runs the scheduler and the dispatcher in this process. /subscribe works either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The calendar file; defaults to &lt;Content:Path&gt;/deadlines.yaml.</summary>
    public string? CalendarPath { get; set; }

    /// <summary>How often the scheduler looks at the calendar (it also wakes for the next due reminder).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Broadcasts:Tick must be between 00:00:01 and 01:00:00 (default 00:00:30).")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A reminder found due later than this (the bot was down) is recorded as missed instead of sent late.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Broadcasts:LateGrace must be between 00:00:00 and 7.00:00:00 (default 01:00:00).")]
    public TimeSpan LateGrace { get; set; } = TimeSpan.FromHours(1);

    public DispatchOptions Dispatch { get; set; } = new();

    /// <summary>Per channel ("telegram", "discord", "botframework"); channels not listed get <see cref="ChannelLimits.Default"/>.</summary>
    public Dictionary<string, ChannelLimits> Limits { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["telegram"] = ChannelLimits.Telegram,
        ["discord"] = ChannelLimits.Discord,
        ["botframework"] = ChannelLimits.BotFramework,
    };

    /// <summary>Settings renamed when durations became TimeSpans; a configuration that still uses one is refused at start.</summary>
    internal static readonly RenamedSetting[] Renamed =
    [
        new("TickSeconds", "Tick", "00:00:30"),
        new("LateGraceMinutes", "LateGrace", "01:00:00"),
        new("Dispatch:LeaseSeconds", "Dispatch:Lease", "00:00:30"),
        new("Dispatch:PollMilliseconds", "Dispatch:PollInterval", "00:00:01"),
        new("Dispatch:BackoffSeconds", "Dispatch:Backoff", "00:00:02"),
        new("Dispatch:MaxBackoffSeconds", "Dispatch:MaxBackoff", "00:10:00"),
    ];

    public ChannelLimits LimitsFor(string channel) =>
        Limits.TryGetValue(channel, out var limits) ? limits : ChannelLimits.Default;
}

public sealed class DispatchOptions
{
    /// <summary>Rows claimed per round trip to the store.</summary>
    [Range(1, 10_000, ErrorMessage = "Broadcasts:Dispatch:ClaimSize must be between 1 and 10000.")]
    public int ClaimSize { get; set; } = 500;

    /// <summary>Sends in flight at once per channel.</summary>
    [Range(1, 1024, ErrorMessage = "Broadcasts:Dispatch:Concurrency must be between 1 and 1024.")]
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// How long a claim holds rows without a heartbeat. A live host renews its claims every third of it while they
    /// are being sent; a host that died stops, and another instance (or this one restarted) takes them over within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Broadcasts:Dispatch:Lease must be between 00:00:01 and 01:00:00 (default 00:00:30).")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle dispatcher looks for work written by another process (the CLI, another instance).</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:01:00", ErrorMessage = "Broadcasts:Dispatch:PollInterval must be between 00:00:00.05 and 00:01:00 (default 00:00:01).")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts on transient failures (5xx, timeouts) before a row is marked failed.</summary>
    [Range(1, 50, ErrorMessage = "Broadcasts:Dispatch:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay after a transient failure; doubles per attempt up to <see cref="MaxBackoff"/>. Senders never retry: this is the only retry of a proactive send.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00", ErrorMessage = "Broadcasts:Dispatch:Backoff must be between 00:00:00.01 and 01:00:00 (default 00:00:02).")]
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.01", "1.00:00:00", ErrorMessage = "Broadcasts:Dispatch:MaxBackoff must be between 00:00:00.01 and 1.00:00:00 (default 00:10:00).")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Outcomes written per transaction (batching is what lets SQLite keep up with thousands of messages a second).</summary>
    [Range(1, 10_000, ErrorMessage = "Broadcasts:Dispatch:CompletionBatch must be between 1 and 10000.")]
    public int CompletionBatch { get; set; } = 500;
}

/// <summary>
/// Rate ceilings of one platform. 0 lifts a limit. The overall ceiling is a hard guarantee: at most N requests in any
/// second as the platform counts them, whatever the network jitter (a window is only freed by the response of the
/// request N places back). Sends are paced evenly at the ceiling less <see cref="SafetyMargin"/>.
/// </summary>
public sealed class ChannelLimits
{
    public static ChannelLimits Telegram => new() { PerSecond = 30, PerAddressPerSecond = 1, PerGroupPerMinute = 20 };

    public static ChannelLimits Discord => new() { PerSecond = 50, PerAddressPerSecond = 5 };

    public static ChannelLimits BotFramework => new() { PerSecond = 50, PerAddressPerSecond = 1 };

    public static ChannelLimits Default => new() { PerSecond = 20, PerAddressPerSecond = 1 };

    /// <summary>Messages per second across the whole bot (Telegram ≈30, Discord 50 requests).</summary>
    public double PerSecond { get; set; }

    /// <summary>Messages per second to one chat or conversation (Telegram 1, Bot Framework pacing).</summary>
    public double PerAddressPerSecond { get; set; }

    /// <summary>Messages per minute to one group (Telegram 20).</summary>
    public double PerGroupPerMinute { get; set; }

    /// <summary>How far below the ceiling sends are paced, and the slack in per-chat and per-group windows; 0.01 = 1%.</summary>
    public double SafetyMargin { get; set; } = 0.01;
}
