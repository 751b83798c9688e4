using System.Text;
using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing;

namespace OptOutBot.Adapters.Discord.Tests.Interactions;

public sealed class RenderCacheTests
{
    private static Reply Make(string text, IReadOnlyList<Choice> choices) => Reply.Single(new ReplyMessage(text) { Choices = choices });

    [Fact]
    public void EqualRepliesBuiltSeparately_ShareOneRendering()
    {
        var text = "Texte " + Guid.NewGuid().ToString("N");
        var first = RenderCache.Get(Make(text, [new Choice("A", "t:a")]), DiscordLabels.For(RealContent.Value, "fr"), true, true);
        var second = RenderCache.Get(Make(text, [new Choice("A", "t:a")]), DiscordLabels.For(RealContent.Value, "fr"), true, true);

        Assert.Same(first, second);
        Assert.Contains(text, Encoding.UTF8.GetString(first.ChannelMessageJson), StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentButtonsOrVariant_AreRenderedApart()
    {
        var text = "Texte " + Guid.NewGuid().ToString("N");
        var a = RenderCache.Get(Make(text, [new Choice("A", "t:a")]), DiscordLabels.For(RealContent.Value, "fr"), true, true);

        Assert.NotSame(a, RenderCache.Get(Make(text, [new Choice("B", "t:b")]), DiscordLabels.For(RealContent.Value, "fr"), true, true));
        Assert.NotSame(a, RenderCache.Get(Make(text, [new Choice("A", "t:a")]), DiscordLabels.For(RealContent.Value, "fr"), false, false));
        Assert.NotSame(a, RenderCache.Get(Make(text, [new Choice("A", "t:a")]), DiscordLabels.For(RealContent.Value, "en"), true, true));
    }

    [Fact]
    public void CachedJson_IsTheChannelMessageAnswer()
    {
        var rendered = RenderCache.Get(Make("Bonjour @everyone", []), DiscordLabels.For(RealContent.Value, "fr"), true, false);

        Assert.Equal("{\"type\":4,\"data\":{\"content\":\"Bonjour \\\\@everyone\",\"flags\":64,\"allowed_mentions\":{\"parse\":[]}}}", Encoding.UTF8.GetString(rendered.ChannelMessageJson));
    }
}
