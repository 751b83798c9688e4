using Microsoft.Extensions.Logging.Abstractions;
using OptOutBot.Adapters.Telegram.Rendering;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Telegram.Tests.Rendering;

public sealed class TelegramRendererTests
{
    private readonly TelegramRenderer _renderer = new(NullLogger<TelegramRenderer>.Instance);

    [Fact]
    public void Render_ContentWithHtmlCharacters_IsEscapedNotInterpreted()
    {
        var html = TelegramRenderer.ToHtml("Tom & Jerry <script>alert(1)</script> **gras** _it_");

        Assert.Equal("Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; <b>gras</b> <i>it</i>", html);
    }

    [Fact]
    public void Render_LinkAndLists_BecomeAnchorsBulletsAndNumbers()
    {
        var html = TelegramRenderer.ToHtml("- [Centre \"AI\"](https://example.org/a?x=1&y=2)\n1. first\n2. second");

        Assert.Equal("• <a href=\"https://example.org/a?x=1&amp;y=2\">Centre \"AI\"</a>\n1. first\n2. second", html);
    }

    [Fact]
    public void Render_ChoicesAndLinks_BecomeCallbackAndUrlButtons()
    {
        var reply = Reply.Single(new ReplyMessage("Pick one")
        {
            Choices = [new Choice("Done", "s:instagram/done"), new Choice("Can't find it", "s:instagram/help"), new Choice("A much longer label than twenty", "m")],
            Links = [new LinkButton("Open Instagram", "https://www.instagram.com/")],
        });

        var message = Assert.Single(_renderer.Render(reply));

        var rows = message.Keyboard!.InlineKeyboard.ToList();
        Assert.Equal(["Done", "Can't find it"], rows[0].Select(b => b.Text));
        Assert.Equal(["s:instagram/done", "s:instagram/help"], rows[0].Select(b => b.CallbackData));
        Assert.Equal("m", Assert.Single(rows[1]).CallbackData);
        var link = Assert.Single(rows[2]);
        Assert.Equal("https://www.instagram.com/", link.Url);
        Assert.Null(link.CallbackData);
    }

    [Fact]
    public void Render_ActionIdOver64Bytes_ButtonLeftOut()
    {
        var reply = Reply.Single(new ReplyMessage("x") { Choices = [new Choice("Too long", "t:" + new string('é', 40)), new Choice("Ok", "m")] });

        var message = Assert.Single(_renderer.Render(reply));

        Assert.Equal("m", Assert.Single(Assert.Single(message.Keyboard!.InlineKeyboard)).CallbackData);
    }

    [Fact]
    public void Render_Sources_ShortFootnoteWithDate()
    {
        var reply = Reply.Single(new ReplyMessage("Answer") { Sources = [new SourceNote("CNIL <guide>", "https://cnil.fr/x", new DateOnly(2025, 5, 27))] });

        var message = Assert.Single(_renderer.Render(reply));

        Assert.Equal("Answer\n\n<i>📎 <a href=\"https://cnil.fr/x\">CNIL &lt;guide&gt;</a> (2025-05-27)</i>", message.Html);
    }

    [Fact]
    public void Render_LongAnswer_SplitOnLinesUnder4096WithKeyboardOnLastPart()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"Line {i}: some words & more words to make it long enough");
        var reply = Reply.Single(new ReplyMessage(string.Join('\n', lines)) { Choices = [new Choice("Menu", "m")] });

        var messages = _renderer.Render(reply);

        Assert.True(messages.Count >= 4);
        Assert.All(messages, m => Assert.True(System.Net.WebUtility.HtmlDecode(m.Html).Length <= 4096));
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Keyboard));
        Assert.NotNull(messages[^1].Keyboard);
        Assert.All(messages, m => Assert.StartsWith("Line ", m.Html));
        Assert.Equal(300, messages.Sum(m => m.Html.Split('\n').Length));
    }

    [Fact]
    public void Render_SeveralShortMessages_JoinedInOneWithAllButtons()
    {
        var reply = new Reply([
            new ReplyMessage("Answer") { Choices = [new Choice("Related", "t:other"), new Choice("Menu", "m")] },
            new ReplyMessage("Step 1") { Choices = [new Choice("Done", "s:ig/2"), new Choice("Menu", "m")] },
        ]);

        var message = Assert.Single(_renderer.Render(reply));

        Assert.Equal("Answer\n\nStep 1", message.Html);
        Assert.Equal(["t:other", "m", "s:ig/2"], message.Keyboard!.InlineKeyboard.SelectMany(r => r).Select(b => b.CallbackData));
    }

    [Fact]
    public void Render_MessagesTooLongTogether_StaySeparate()
    {
        var big = new string('a', 3000);
        var reply = new Reply([new ReplyMessage(big), new ReplyMessage(big + "b")]);

        var messages = _renderer.Render(reply);

        Assert.Equal([big, big + "b"], messages.Select(m => m.Html));
    }

    [Fact]
    public void InsertedValue_IsHtmlEscapedText_NeverALinkOrBold()
    {
        var text = Markup.Fill("No guide for \"{platform}\".", "{platform}", "[x](https://evil.example) **b** <i>");

        var message = Assert.Single(_renderer.Render(Reply.Single(new ReplyMessage(text))));

        Assert.Equal("No guide for \"[x](https://evil.example) **b** &lt;i&gt;\".", message.Html);
    }

    [Fact]
    public void SplitAt40_InsideALink_EveryPartIsWellFormedAndTheLinkWhole()
    {
        var reply = Reply.Single(new ReplyMessage("Ouvrez le [centre de confidentialité](https://www.facebook.com/privacy/center?a=1&b=2) puis revenez ici"));

        var parts = ReplyLayout.Lay(reply, TelegramRenderer.Limits with { MaxTextLength = 40 }, TelegramMarkup.Instance, "fr");

        Assert.True(parts.Count > 1);
        var roots = parts.Select(p => System.Xml.Linq.XElement.Parse("<r>" + p.Text + "</r>")).ToList();
        Assert.All(roots, r => Assert.True(r.Value.Length <= 40, r.Value));
        var link = Assert.Single(roots.SelectMany(r => r.Descendants("a")));
        Assert.Equal(("centre de confidentialité", "https://www.facebook.com/privacy/center?a=1&b=2"), (link.Value, (string?)link.Attribute("href")));
    }

    [Fact]
    public void HardCutInsideAnOverlongLink_StaysWellFormedText()
    {
        var reply = Reply.Single(new ReplyMessage("[" + new string('x', 50) + "](https://evil.example/" + new string('p', 50) + ")"));

        var parts = ReplyLayout.Lay(reply, TelegramRenderer.Limits with { MaxTextLength = 40 }, TelegramMarkup.Instance, "fr");

        Assert.All(parts, p => System.Xml.Linq.XElement.Parse("<r>" + p.Text + "</r>"));
        Assert.All(parts, p => Assert.True(System.Net.WebUtility.HtmlDecode(p.Text).Length <= 40, p.Text));
    }
}
