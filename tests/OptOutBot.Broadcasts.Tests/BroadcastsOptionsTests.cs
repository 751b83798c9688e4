using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OptOutBot.Broadcasts.Tests;

public sealed class BroadcastsOptionsTests
{
    private static BroadcastsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptOutBotBroadcasts(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<BroadcastsOptions>>().Value;
    }

    [Fact]
    public void Durations_AreTimeSpans()
    {
        var options = Bind(new() { ["Broadcasts:Tick"] = "00:00:05", ["Broadcasts:Dispatch:Lease"] = "00:00:30", ["Broadcasts:Dispatch:Backoff"] = "00:00:00.5" });

        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500)), (options.Tick, options.Dispatch.Lease, options.Dispatch.Backoff));
    }

    [Fact]
    public void DurationOutOfRange_FailsAtStartNamingTheSetting()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Broadcasts:Dispatch:Lease"] = "02:00:00", ["Broadcasts:Tick"] = "00:00:00" }));

        Assert.Contains("Broadcasts:Dispatch:Lease must be between", e.Message, StringComparison.Ordinal);
        Assert.Contains("Broadcasts:Tick must be between", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Broadcasts:Dispatch:LeaseSeconds", "Broadcasts:Dispatch:Lease")]
    [InlineData("Broadcasts:TickSeconds", "Broadcasts:Tick")]
    [InlineData("Broadcasts:Dispatch:BackoffSeconds", "Broadcasts:Dispatch:Backoff")]
    public void OldSecondsSetting_IsRefusedWithItsNewName(string old, string renamed)
    {
        // Silently ignoring it would run with the default, e.g. a 5-minute lease where the operator set 10 seconds.
        var e = Assert.Throws<OptionsValidationException>(() => Bind(new() { [old] = "10" }));

        Assert.Contains($"{old} was renamed {renamed}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TelegramDefaults_AreTelegramsOwnLimits_EvenWhenOneIsOverridden()
    {
        // The lane is the only limiter of Telegram's proactive sends: nothing else holds 1/s per chat or 20/min per group.
        var defaults = Bind([]).LimitsFor("telegram");
        var tuned = Bind(new() { ["Broadcasts:Limits:telegram:PerSecond"] = "20" }).LimitsFor("telegram");

        Assert.Equal((30d, 1d, 20d), (defaults.PerSecond, defaults.PerAddressPerSecond, defaults.PerGroupPerMinute));
        Assert.Equal((20d, 1d, 20d), (tuned.PerSecond, tuned.PerAddressPerSecond, tuned.PerGroupPerMinute));
    }
}
