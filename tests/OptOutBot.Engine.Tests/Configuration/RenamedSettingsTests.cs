using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Configuration;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Engine.Tests.Configuration;

public sealed class RenamedSettingsTests
{
    private static T Bind<T>(string sectionName, IReadOnlyList<RenamedSetting> renamed, Dictionary<string, string?> values)
        where T : class
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(sectionName);
        var services = new ServiceCollection();
        services.AddOptions<T>().Bind(section).RefuseRenamed(section, renamed).ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void OldDaysSetting_IsRefusedNamingTheNewOneAndItsForm()
    {
        // Ignored silently, the operator's 7 days would become the default 30.
        var e = Assert.Throws<OptionsValidationException>(() =>
            Bind<ConversationOptions>("Conversation", ConversationOptions.Renamed, new() { ["Conversation:StateTtlDays"] = "7" }));

        Assert.Contains("Conversation:StateTtlDays was renamed Conversation:StateTtl (e.g. \"30.00:00:00\")", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOldName_OfASection_IsReported()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Bind<ContentOptions>("Content", ContentOptions.Renamed, new()
        {
            ["Content:StaleAfterDays"] = "100",
            ["Content:ReloadDelayMilliseconds"] = "200",
        }));

        Assert.Contains("Content:StaleAfterDays was renamed Content:StaleAfter", e.Message, StringComparison.Ordinal);
        Assert.Contains("Content:ReloadDelayMilliseconds was renamed Content:ReloadDelay", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewNames_Bind_ABareNumberBeingDays()
    {
        var options = Bind<ConversationOptions>("Conversation", ConversationOptions.Renamed, new() { ["Conversation:StateTtl"] = "7" });
        var content = Bind<ContentOptions>("Content", ContentOptions.Renamed, new() { ["Content:StaleAfter"] = "180", ["Content:ReloadDelay"] = "00:00:00.200" });

        Assert.Equal(TimeSpan.FromDays(7), options.StateTtl);
        Assert.Equal(180, content.StaleAfterWholeDays);
        Assert.Equal(TimeSpan.FromMilliseconds(200), content.ReloadDelay);
    }

    [Fact]
    public void NewDuration_OutOfRange_IsRefusedNamingIt()
    {
        var e = Assert.Throws<OptionsValidationException>(() =>
            Bind<ConversationOptions>("Conversation", ConversationOptions.Renamed, new() { ["Conversation:StateTtl"] = "400.00:00:00" }));

        Assert.Contains("Conversation:StateTtl must be between", e.Message, StringComparison.Ordinal);
    }
}
