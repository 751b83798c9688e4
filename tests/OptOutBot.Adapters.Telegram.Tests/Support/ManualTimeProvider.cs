namespace OptOutBot.Adapters.Telegram.Tests.Support;

/// <summary>A clock the test moves by hand (only <see cref="GetUtcNow"/> is faked).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
