namespace OptOutBot.Broadcasts.Tests.Support;

/// <summary>A clock the test moves by hand. Timers are not supported: scheduler tests call TickAsync directly.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
