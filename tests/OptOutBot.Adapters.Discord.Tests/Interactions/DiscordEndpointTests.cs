using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OptOutBot.Adapters.Discord.Tests.Support;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Discord.Tests.Interactions;

/// <summary>The endpoint over real HTTP on loopback with a Moq'd engine: forged requests never reach it.</summary>
public sealed class DiscordEndpointTests : IAsyncLifetime
{
    private readonly Mock<IConversationEngine> _engine = Fakes.Engine(Fakes.Answer("Bonjour"));
    private readonly TestSigner _signer = TestSigner.Random();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:PublicKey"] = _signer.PublicKeyHex,
            ["Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10",
            ["Discord:TimestampTolerance"] = "00:01:00",
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton(_engine.Object);
        builder.Services.AddSingleton(OptOutBot.Testing.TestGuard.For(_engine.Object));
        builder.Services.AddSingleton(Fakes.Catalog().Object);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        _app = builder.Build();
        _app.MapDiscord();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> Post(string body, string? signature, string? timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-Ed25519", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        return _http.SendAsync(request);
    }

    private string Now => _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task SignedCommand_ReachesTheEngineOnce()
    {
        var body = Support.Interactions.Command("about");

        using var response = await Post(body, _signer.Sign(Now, body), Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"content\":\"Bonjour\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _engine.Verify(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SignedCommand_WithInvalidUtf8InAnOptionValue_Gets400_NotA5xx()
    {
        // "MARK" in the option value becomes bytes that are not UTF-8.
        var json = Encoding.UTF8.GetBytes(Support.Interactions.Command("optout", "platform", "faMARK"));
        var at = json.AsSpan().IndexOf("MARK"u8);
        byte[] body = [.. json[..at], 0xC3, 0x28, 0xFF, 0xFE, .. json[(at + 4)..]];
        var message = Encoding.ASCII.GetBytes(Now).Concat(body).ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", Convert.ToHexStringLower(_signer.Sign(message)));
        request.Headers.Add("X-Signature-Timestamp", Now);

        using var response = await _http.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"status {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("\\udfff")] // a lone low surrogate, escaped: valid JSON, no string (found by bench/campaign fuzz)
    [InlineData("fa\\ud800")] // a high surrogate with nothing after it
    public async Task SignedCommand_WithAnEscapedLoneSurrogateInAnOptionValue_IsAnswered_NotA5xx(string escaped)
    {
        var body = Support.Interactions.Command("optout", "platform", "MARK").Replace("MARK", escaped, StringComparison.Ordinal);

        using var response = await Post(body, _signer.Sign(Now, body), Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _engine.Verify(e => e.HandleAsync(It.Is<InboundMessage>(m => m.Input.Equals(new CommandInput("optout", null))), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SignedCommand_EngineThrows_ThePersonGetsTheApology()
    {
        _engine.Setup(e => e.HandleAsync(It.IsAny<InboundMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("store down"));
        var body = Support.Interactions.Command("about");

        using var response = await Post(body, _signer.Sign(Now, body), Now);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(OptOutBot.Testing.TestGuard.Apology, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedRequests_Get401_AndTheEngineNeverRuns()
    {
        var body = Support.Interactions.Command("about");
        var old = _time.GetUtcNow().AddSeconds(-61).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = _signer.Sign(Now, body);
        var flipped = (sig[0] == '0' ? '1' : '0') + sig[1..];
        var cases = new (string Name, string Body, string? Signature, string? Timestamp)[]
        {
            ("no headers", body, null, null),
            ("no signature", body, null, Now),
            ("no timestamp", body, sig, null),
            ("wrong key", body, TestSigner.Random().Sign(Now, body), Now),
            ("altered body", body.Replace("about", "forget", StringComparison.Ordinal), sig, Now),
            ("flipped bit", body, flipped, Now),
            ("truncated signature", body, sig[..126], Now),
            ("old timestamp", body, _signer.Sign(old, body), old),
            ("timestamp not a number", body, _signer.Sign("12a", body), "12a"),
            ("signature over another timestamp", body, _signer.Sign(old, body), Now),
        };

        foreach (var (name, forgedBody, signature, timestamp) in cases)
        {
            using var response = await Post(forgedBody, signature, timestamp);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
        }

        _engine.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task CapturedRequestReplayed_IsRefusedByDefault()
    {
        var body = Support.Interactions.Ping;
        var sig = _signer.Sign(Now, body);

        using var first = await Post(body, sig, Now);
        using var second = await Post(body, sig, Now);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    [Fact]
    public void Options_BadPublicKey_FailsAtStartNamingTheSetting()
    {
        var validator = new DiscordOptionsValidator();

        var result = validator.Validate(null, new DiscordOptions { PublicKey = "abc" });

        Assert.True(result.Failed);
        Assert.Contains("Discord:PublicKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_DurationsOutOfRange_FailAtStartNamingTheSetting()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { RequestTimeout = TimeSpan.Zero, DeferAfter = TimeSpan.FromSeconds(3), TimestampTolerance = TimeSpan.Zero });

        Assert.Contains("Discord:RequestTimeout ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Discord:DeferAfter ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Discord:TimestampTolerance ", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OldSecondsSetting_IsRefusedWithItsNewName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:RequestTimeoutSeconds"] = "10" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDiscordAdapter(configuration);

        var e = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<DiscordOptions>>().Value);

        Assert.Contains("Discord:RequestTimeoutSeconds was renamed Discord:RequestTimeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPublicKey_AdapterIsOffAndSaysWhichSettingTurnsItOn()
    {
        var services = new ServiceCollection();
        services.AddDiscordAdapter(new ConfigurationBuilder().Build());

        var status = services.BuildServiceProvider().GetServices<AdapterStatus>().Single();

        Assert.False(status.Enabled);
        Assert.Contains("Discord:PublicKey", status.Detail, StringComparison.Ordinal);
    }
}

public sealed class InteractionSignatureTests
{
    [Fact]
    public void RejectReplays_RefusesTheSameSignatureTwice()
    {
        var signer = TestSigner.Random();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var check = new OptOutBot.Adapters.Discord.Security.InteractionSignature(
            Options.Create(new DiscordOptions { PublicKey = signer.PublicKeyHex, RejectReplays = true }), time);
        var message = Encoding.UTF8.GetBytes("1800000000{\"type\":1}");
        var signature = Convert.ToHexStringLower(signer.Sign(message));

        Assert.Equal(OptOutBot.Adapters.Discord.Security.SignatureCheck.Valid, check.Verify("1800000000", signature, message));
        Assert.Equal(OptOutBot.Adapters.Discord.Security.SignatureCheck.Replayed, check.Verify("1800000000", signature, message));
    }

    [Fact]
    public void RejectReplays_TurnedOff_LetsSignedLoadTestsReplay()
    {
        var signer = TestSigner.Random();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var check = new OptOutBot.Adapters.Discord.Security.InteractionSignature(
            Options.Create(new DiscordOptions { PublicKey = signer.PublicKeyHex, RejectReplays = false }), time);
        var message = Encoding.UTF8.GetBytes("1800000000{\"type\":1}");
        var signature = Convert.ToHexStringLower(signer.Sign(message));

        Assert.Equal(OptOutBot.Adapters.Discord.Security.SignatureCheck.Valid, check.Verify("1800000000", signature, message));
        Assert.Equal(OptOutBot.Adapters.Discord.Security.SignatureCheck.Valid, check.Verify("1800000000", signature, message));
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void Timestamp_OutsideTheTolerance_IsStale(int offsetSeconds, bool accepted)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var check = new OptOutBot.Adapters.Discord.Security.InteractionSignature(
            Options.Create(new DiscordOptions { PublicKey = new string('a', 64) }), time);

        var result = check.CheckHeaders((1_800_000_000 + offsetSeconds).ToString(CultureInfo.InvariantCulture), new string('0', 128));

        Assert.Equal(accepted, result == OptOutBot.Adapters.Discord.Security.SignatureCheck.Valid);
    }
}
