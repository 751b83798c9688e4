using System.Text;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Tests.Replies;

/// <summary>Merging, splitting, footnote and button placement, the same for every platform.</summary>
public sealed class ReplyLayoutTests
{
    private static readonly LayoutLimits Merging = new() { MaxTextLength = 100, MergeMessages = true, ButtonsFit = static (c, l) => c + l <= 4 };

    [Fact]
    public void ShortMessages_AreJoined_WithoutRepeatingAButton()
    {
        var reply = new Reply([
            new ReplyMessage("Answer") { Choices = [new Choice("Related", "t:other"), new Choice("Menu", "m")] },
            new ReplyMessage("Step 1") { Choices = [new Choice("Done", "s:ig/2"), new Choice("Menu", "m")] },
        ]);

        var part = Assert.Single(ReplyLayout.Lay(reply, Merging, PlainWriter.Instance, "en"));

        Assert.Equal("Answer\n\nStep 1", part.Text);
        Assert.Equal(["t:other", "m", "s:ig/2"], part.Choices.Select(c => c.ActionId));
    }

    [Fact]
    public void Messages_StaySeparate_WhenTheirButtonsWouldNotFit()
    {
        var three = new[] { new Choice("A", "t:a"), new Choice("B", "t:b"), new Choice("C", "t:c") };
        var reply = new Reply([new ReplyMessage("One") { Choices = three }, new ReplyMessage("Two") { Choices = [new Choice("D", "t:d"), new Choice("E", "t:e")] }]);

        var parts = ReplyLayout.Lay(reply, Merging, PlainWriter.Instance, "en");

        Assert.Equal(["One", "Two"], parts.Select(p => p.Text));
    }

    [Fact]
    public void WithoutMerging_EachMessageIsItsOwnPart()
    {
        var reply = new Reply([new ReplyMessage("One"), new ReplyMessage("Two")]);

        var parts = ReplyLayout.Lay(reply, new LayoutLimits { MaxTextLength = 100 }, PlainWriter.Instance, "en");

        Assert.Equal(["One", "Two"], parts.Select(p => p.Text));
    }

    [Fact]
    public void LongText_IsSplitOnLines_ButtonsAndFootnoteOnTheLastPartOnly()
    {
        var lines = Enumerable.Range(0, 30).Select(i => $"line {i} with a few words");
        var reply = Reply.Single(new ReplyMessage(string.Join('\n', lines))
        {
            Choices = [new Choice("Menu", "m")],
            Sources = [new SourceNote("CNIL", "https://www.cnil.fr/", new DateOnly(2025, 5, 27))],
        });

        var parts = ReplyLayout.Lay(reply, Merging, PlainWriter.Instance, "en");

        Assert.True(parts.Count > 3);
        Assert.All(parts, p => Assert.True(p.Text.Length <= 100, p.Text));
        Assert.All(parts[..^1], p => Assert.False(p.HasButtons || p.IsLastOfMessage));
        Assert.True(parts[^1].IsLastOfMessage);
        Assert.Equal("m", Assert.Single(parts[^1].Choices).ActionId);
        Assert.EndsWith("\n\n[src CNIL 2025-05-27]", parts[^1].Text, StringComparison.Ordinal);
        Assert.Equal(lines, parts.SelectMany(p => p.Text.Split('\n')).TakeWhile(l => l.Length > 0));
    }

    [Fact]
    public void InvalidActionIds_AndUnsafeLinkButtons_AreLeftOutAndCounted()
    {
        var reply = Reply.Single(new ReplyMessage("x")
        {
            Choices = [new Choice("Too long", "t:" + new string('é', 40)), new Choice("Empty", ""), new Choice("Ok", "m")],
            Links = [new LinkButton("Bad", "javascript:alert(1)"), new LinkButton("Good", "https://www.instagram.com/")],
        });

        var part = Assert.Single(ReplyLayout.Lay(reply, Merging, PlainWriter.Instance, "en", out var leftOut));

        Assert.Equal(3, leftOut);
        Assert.Equal("m", Assert.Single(part.Choices).ActionId);
        Assert.Equal("https://www.instagram.com/", Assert.Single(part.Links).Url);
    }

    [Fact]
    public void OnlyButtons_GetThePlatformsPlaceholderText()
    {
        var part = Assert.Single(ReplyLayout.Lay(Reply.Single(new ReplyMessage("") { Choices = [new Choice("Menu", "m")] }), Merging, PlainWriter.Instance, "en"));

        Assert.Equal("…", part.Text);
        Assert.True(part.HasButtons);
    }

    [Fact]
    public void InsertedValues_StayText_ThroughTheLayout()
    {
        var text = Markup.Fill("No guide for \"{platform}\".", "{platform}", "[x](https://evil.example) **b**");

        var part = Assert.Single(ReplyLayout.Lay(Reply.Single(new ReplyMessage(text)), Merging, PlainWriter.Instance, "en"));

        Assert.Equal("No guide for \"[x](https://evil.example) **b**\".", part.Text);
    }

    [Fact]
    public void ACutAtTheLimit_NeverSplitsALink()
    {
        var reply = Reply.Single(new ReplyMessage("Open the [privacy centre](https://www.facebook.com/privacy/center) and then continue"));

        var parts = ReplyLayout.Lay(reply, new LayoutLimits { MaxTextLength = 40 }, PlainWriter.Instance, "en");

        Assert.True(parts.Count > 1);
        Assert.Single(parts, p => p.Text.Contains("<privacy centre|https://www.facebook.com/privacy/center>", StringComparison.Ordinal));
        Assert.All(parts, p => Assert.True(PlainWriter.Visible(p.Text) <= 40, p.Text));
    }

    /// <summary>A platform that marks styles and links visibly, so the tests see what the layout passed to the writer.</summary>
    private sealed class PlainWriter : IMarkupWriter
    {
        public static readonly PlainWriter Instance = new();

        public bool LimitCountsMarkup => false;

        public string EmptyText => "…";

        public string FootnoteSeparator => "\n\n";

        public static int Visible(string text) => text.Replace("|https://www.facebook.com/privacy/center>", string.Empty, StringComparison.Ordinal).Replace("<", string.Empty, StringComparison.Ordinal).Length;

        public string BulletMarker => "• ";

        public void Span(StringBuilder sb, MarkupSpan span, bool linkAllowed) =>
            sb.Append(span.Url is not null && linkAllowed ? $"<{span.Text}|{span.Url}>" : span.Style.HasFlag(SpanStyle.Bold) ? $"**{span.Text}**" : span.Text);

        public int Footnote(StringBuilder sb, IReadOnlyList<SourceNote> sources, string locale, int maxUrlLength)
        {
            var start = sb.Length;
            sb.AppendJoin(' ', sources.Select(s => $"[src {s.Title} {s.Date:yyyy-MM-dd}]"));
            return sb.Length - start;
        }
    }
}
