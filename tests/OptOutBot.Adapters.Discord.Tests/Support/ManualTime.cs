namespace OptOutBot.Adapters.Discord.Tests.Support;

/// <summary>A clock the test sets; timers (delays) still run in real time so waits stay short but real.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
