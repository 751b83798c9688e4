using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Tests.Replies;

/// <summary>The one url check every platform's links, link buttons and sources go through.</summary>
public sealed class LinkRulesTests
{
    [Theory]
    [InlineData("https://www.facebook.com/privacy/center", true)]
    [InlineData("http://example.org/a?x=1&y=2#top", true)]
    [InlineData("HTTPS://EXAMPLE.ORG/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://example.org/file", false)]
    [InlineData("https://", false)]
    [InlineData("https:///path", false)]
    [InlineData("https://x.example/a b", false)]
    [InlineData("https://x.example/a>b", false)]
    [InlineData("https://x.example/\"onclick", false)]
    [InlineData("https://x.example/\n", false)]
    [InlineData("", false)]
    public void IsSafe_OnlyHttpUrlsThatCannotEndALinkEarly(string url, bool safe) => Assert.Equal(safe, LinkRules.IsSafe(url));

    [Fact]
    public void IsSafe_HonoursThePlatformsLengthLimit()
    {
        var url = "https://example.org/" + new string('a', 600);

        Assert.True(LinkRules.IsSafe(url));
        Assert.False(LinkRules.IsSafe(url, maxLength: 512));
    }

    [Theory]
    [InlineData("https://www.cnil.fr/fr/meta-ia", true)]
    [InlineData("http://www.cnil.fr/", false)]
    [InlineData("https://exa mple.org/", false)]
    public void IsSafeHttps_IsWhatContentMayLinkTo(string url, bool safe) => Assert.Equal(safe, LinkRules.IsSafeHttps(url));
}
