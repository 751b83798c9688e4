using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OptOutBot.Adapters.Telegram.Tests;

public sealed class TelegramOptionsTests
{
    private static IReadOnlyList<string> Errors(TelegramOptions options) =>
        new TelegramOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void NoToken_AdapterOff_NothingToValidate() => Assert.Empty(Errors(new TelegramOptions { Mode = "nonsense" }));

    [Fact]
    public void Defaults_WithToken_AreValid_AndPoll()
    {
        var options = new TelegramOptions { BotToken = "123:ABC-def_0" };

        Assert.Empty(Errors(options));
        Assert.False(options.UsesWebhook);
        Assert.Equal(123, options.BotId);
    }

    [Fact]
    public void PublicUrl_SwitchesAutoToWebhook()
    {
        var options = new TelegramOptions { BotToken = "123:ABC", PublicUrl = "https://bot.example.org/" };

        Assert.True(options.UsesWebhook);
        Assert.Equal("https://bot.example.org/telegram/webhook", options.WebhookUrl);
    }

    [Fact]
    public void BadValues_EachMessageNamesItsSetting()
    {
        var errors = Errors(new TelegramOptions
        {
            BotToken = "not a token", ApiBaseUrl = "ftp://x", Mode = "push", PublicUrl = "http://bot.example.org", WebhookSecret = "has spaces", PollTimeout = TimeSpan.FromSeconds(99), RequestTimeout = TimeSpan.Zero, PollIdleDelay = TimeSpan.FromHours(1), MaxRateLimitWait = TimeSpan.FromDays(1), RetryBaseDelay = TimeSpan.FromMinutes(-1), MaxRetries = 11,
        });

        foreach (var setting in new[] { "Telegram:BotToken", "Telegram:ApiBaseUrl", "Telegram:Mode", "Telegram:PublicUrl", "Telegram:WebhookSecret", "Telegram:PollTimeout", "Telegram:RequestTimeout", "Telegram:PollIdleDelay", "Telegram:MaxRateLimitWait", "Telegram:RetryBaseDelay", "Telegram:MaxRetries" })
        {
            Assert.Contains(errors, e => e.Contains(setting, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("MaxAttempts", "3", "Telegram:MaxRetries")]
    [InlineData("MaxRetryAfterWait", "00:00:30", "Telegram:MaxRateLimitWait")]
    [InlineData("RequestTimeoutSeconds", "15", "Telegram:RequestTimeout")]
    public void SettingOfAnEarlierVersion_StopsStartNamingItsNewName(string old, string value, string renamed)
    {
        // Binding would ignore it silently and run with the default (e.g. 3 retries where the operator asked for none).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telegram:BotToken"] = "123:ABC", ["Telegram:" + old] = value })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddTelegramAdapter(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TelegramOptions>>().Value);

        Assert.Contains($"Telegram:{old} was renamed {renamed}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DerivedSecret_StableAndInTelegramsAlphabet()
    {
        var a = new TelegramOptions { BotToken = "123:ABC" }.EffectiveWebhookSecret;

        Assert.Equal(a, TelegramOptions.DeriveSecret("123:ABC"));
        Assert.NotEqual(a, TelegramOptions.DeriveSecret("123:ABD"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", a);
        Assert.Equal("s3cret", new TelegramOptions { BotToken = "123:ABC", WebhookSecret = "s3cret" }.EffectiveWebhookSecret);
    }
}
