using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Web.Tests;

public sealed class WebRendererTests
{
    [Fact]
    public void RenderMessage_HtmlInContent_StaysPlainText()
    {
        var message = WebRenderer.RenderMessage(new ReplyMessage("<script>alert(1)</script> & <b>x</b>"));
        var span = Assert.Single(Assert.Single(Assert.Single(message.Blocks).Items));
        Assert.Equal("<script>alert(1)</script> & <b>x</b>", span.Text);
        Assert.Null(span.Url);
    }

    [Fact]
    public void RenderMessage_BoldItalicAndLink_BecomeStyledSpans()
    {
        var message = WebRenderer.RenderMessage(new ReplyMessage("Open **Settings** then _Privacy_ on [Meta](https://www.facebook.com/privacy)."));
        var spans = Assert.Single(Assert.Single(message.Blocks).Items);
        Assert.Contains(spans, s => s is { Text: "Settings", Bold: true, Italic: false });
        Assert.Contains(spans, s => s is { Text: "Privacy", Italic: true });
        Assert.Contains(spans, s => s.Text == "Meta" && s.Url == "https://www.facebook.com/privacy");
        Assert.Equal("Open Settings then Privacy on Meta (https://www.facebook.com/privacy).", message.Text);
    }

    [Fact]
    public void RenderMessage_ScriptUrlInLink_IsNeverALink()
    {
        var message = WebRenderer.RenderMessage(new ReplyMessage("[click](javascript:alert(1))"));
        Assert.All(message.Blocks.SelectMany(b => b.Items).SelectMany(i => i), s => Assert.Null(s.Url));
    }

    [Fact]
    public void RenderMessage_InsertedValue_IsOneLiteralTextSpan()
    {
        var text = Markup.Fill("No guide for \"{platform}\".", "{platform}", "[x](https://evil.example) **b**");

        var message = WebRenderer.RenderMessage(new ReplyMessage(text));

        var span = Assert.Single(Assert.Single(Assert.Single(message.Blocks).Items));
        Assert.Equal(("No guide for \"[x](https://evil.example) **b**\".", null, false), (span.Text, span.Url, span.Bold));
    }

    [Fact]
    public void Blocks_GroupParagraphLinesBulletsAndNumberedItems()
    {
        var message = WebRenderer.RenderMessage(new ReplyMessage("Intro line\nsecond line\n\n- one\n- two\n\n3. three\n4. four\nEnd"));
        Assert.Collection(
            message.Blocks,
            b => { Assert.Equal("p", b.Kind); Assert.Equal(2, b.Items.Count); },
            b => { Assert.Equal("ul", b.Kind); Assert.Equal(2, b.Items.Count); },
            b => { Assert.Equal("ol", b.Kind); Assert.Equal(3, b.Start); Assert.Equal(2, b.Items.Count); },
            b => { Assert.Equal("p", b.Kind); Assert.Equal("End", Assert.Single(Assert.Single(b.Items)).Text); });
    }

    [Fact]
    public void RenderMessage_ChoicesLinksAndSources_AreCarried_NonHttpsLinksDropped()
    {
        var message = WebRenderer.RenderMessage(new ReplyMessage("x")
        {
            Choices = [new Choice("C'est fait", "s:instagram/done")],
            Links = [new LinkButton("Formulaire", "https://example.org/form"), new LinkButton("Bad", "javascript:alert(1)"), new LinkButton("Plain", "http://example.org")],
            Sources = [new SourceNote("CNIL", "https://www.cnil.fr/x", new DateOnly(2025, 5, 27))],
        });

        Assert.Equal(("C'est fait", "s:instagram/done"), (message.Choices[0].Label, message.Choices[0].Action));
        Assert.Equal("https://example.org/form", Assert.Single(message.Links).Url);
        var source = Assert.Single(message.Sources);
        Assert.Equal(("CNIL", "2025-05-27"), (source.Title, source.Date));
    }

    [Fact]
    public void Render_CarriesWhyTheBotAnswered()
    {
        var result = new TurnResult(Reply.Single(new ReplyMessage("Which one?")), "en", TurnOutcome.Clarify) { Candidates = ["whatsapp", "private-messages"] };
        var response = WebRenderer.Render(result);
        Assert.Equal(("en", null, "clarify"), (response.Locale, response.Topic, response.Outcome));
        Assert.Equal(["whatsapp", "private-messages"], response.Candidates);
    }

    [Fact]
    public void Render_Fallback_HasNoTopic()
    {
        var result = new TurnResult(Reply.Single(new ReplyMessage("Sorry")), "en", TurnOutcome.Fallback, "fallback");
        Assert.Null(WebRenderer.Render(result).Topic);
    }

    [Theory]
    [InlineData(TurnOutcome.Topic, "topic")]
    [InlineData(TurnOutcome.FlowStep, "flowStep")]
    [InlineData(TurnOutcome.Invalid, "invalid")]
    public void OutcomeName_IsCamelCase(TurnOutcome outcome, string expected) => Assert.Equal(expected, WebRenderer.OutcomeName(outcome));
}
