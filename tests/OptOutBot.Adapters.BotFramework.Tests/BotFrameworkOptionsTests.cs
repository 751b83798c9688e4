using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.BotFramework.Tests;

public sealed class BotFrameworkOptionsTests
{
    private static ValidateOptionsResult Validate(Action<BotFrameworkOptions> configure)
    {
        var options = new BotFrameworkOptions { MicrosoftAppId = "app", MicrosoftAppPassword = "pw" };
        configure(options);
        return new BotFrameworkOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void MissingPassword_NamesTheSetting() =>
        Assert.Contains("BotFramework:MicrosoftAppPassword", Validate(o => o.MicrosoftAppPassword = "").FailureMessage);

    [Fact]
    public void SingleTenant_NeedsATenant() =>
        Assert.Contains("BotFramework:MicrosoftAppTenantId", Validate(o => o.MicrosoftAppType = "SingleTenant").FailureMessage);

    [Fact]
    public void UnknownAppType_IsRefused() =>
        Assert.Contains("BotFramework:MicrosoftAppType", Validate(o => o.MicrosoftAppType = "UserAssignedMSI").FailureMessage);

    [Fact]
    public void PlainHttpMetadata_IsRefused_ExceptOnLoopback()
    {
        Assert.Contains("BotFramework:OpenIdMetadataUrl", Validate(o => o.OpenIdMetadataUrl = "http://login.example/x").FailureMessage);
        Assert.True(Validate(o => o.OpenIdMetadataUrl = "http://127.0.0.1:5000/x").Succeeded);
    }

    [Fact]
    public void SingleTenant_GetsItsOwnTokenEndpoint()
    {
        var options = new BotFrameworkOptions { MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = "tid" };
        Assert.Equal("https://login.microsoftonline.com/tid/oauth2/v2.0/token", options.EffectiveTokenEndpoint);
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", new BotFrameworkOptions().EffectiveTokenEndpoint);
    }

    [Fact]
    public void LocalMode_NeedsTheAddressItMayCallBack_AndOnlyALoopbackBaseUrl()
    {
        Assert.Contains("BotFramework:LocalServiceUrl", Validate(o => o.AllowUnauthenticatedLocal = true).FailureMessage);
        Assert.Contains("BotFramework:LocalServiceUrl", Validate(o => (o.AllowUnauthenticatedLocal, o.LocalServiceUrl) = (true, "http://10.0.0.5:3979")).FailureMessage);
        Assert.Contains("BotFramework:LocalServiceUrl", Validate(o => (o.AllowUnauthenticatedLocal, o.LocalServiceUrl) = (true, "http://localhost:3979/api#x")).FailureMessage);
        Assert.True(Validate(o => (o.AllowUnauthenticatedLocal, o.LocalServiceUrl) = (true, "http://localhost:3979")).Succeeded);
        Assert.True(Validate(o => (o.AllowUnauthenticatedLocal, o.LocalEmulatorPorts) = (true, [56000])).Succeeded);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("app", null, true)]
    [InlineData(null, "true", true)]
    public void AdapterStatus_SaysWhetherItIsOn_AndWhatTurnsItOn(string? appId, string? local, bool enabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = appId,
            ["BotFramework:MicrosoftAppPassword"] = appId is null ? null : "pw",
            ["BotFramework:AllowUnauthenticatedLocal"] = local,
            ["BotFramework:LocalServiceUrl"] = local is null ? null : "http://localhost:3979",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddBotFrameworkAdapter(configuration).BuildServiceProvider();

        var status = services.GetRequiredService<AdapterStatus>();

        Assert.Equal(enabled, status.Enabled);
        if (!enabled)
        {
            Assert.Contains("BotFramework:MicrosoftAppId", status.Detail);
            Assert.Empty(services.GetServices<IChannelSender>());
        }
        else
        {
            Assert.Equal("botframework", Assert.Single(services.GetServices<IChannelSender>()).Channel);
        }
    }
}
