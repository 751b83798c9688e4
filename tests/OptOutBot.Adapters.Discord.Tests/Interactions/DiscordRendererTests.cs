using OptOutBot.Adapters.Discord.Interactions;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Replies;
using OptOutBot.Testing;

namespace OptOutBot.Adapters.Discord.Tests.Interactions;

public sealed class DiscordRendererTests
{
    [Fact]
    public void Markup_BecomesDiscordMarkdown()
    {
        var rendered = DiscordMarkdown.Render("**Important** : _avant_ le 27 mai\n- [Centre de confidentialité](https://www.facebook.com/privacy/center)\n1. Ouvrez l'app");

        Assert.Equal("**Important** : *avant* le 27 mai\n- [Centre de confidentialité](<https://www.facebook.com/privacy/center>)\n1. Ouvrez l'app", rendered);
    }

    [Theory]
    [InlineData("@everyone look", "\\@everyone look")]
    [InlineData("<@123> and <#456>", "\\<\\@123\\> and \\<\\#456\\>")]
    [InlineData("# heading", "\\# heading")]
    [InlineData("> quote", "\\> quote")]
    [InlineData("~~x~~ ||spoiler|| `code`", "\\~\\~x\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`")]
    [InlineData("[click](https://evil.example)", "\\[click\\]\\(https://evil.example\\)")]
    [InlineData("a*b_c\\d", "a\\*b\\_c\\\\d")]
    public void Escape_NeutralisesEveryDiscordSyntax(string text, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Escape(text));

    [Fact]
    public void ContentText_CannotInjectMarkdownOrMentions()
    {
        // The engine echoes what a person typed in a few replies; such text arrives as plain markup text.
        var rendered = DiscordMarkdown.Render("Vous avez écrit : @everyone ||x|| <@&1>");

        Assert.Equal("Vous avez écrit : \\@everyone \\|\\|x\\|\\| \\<\\@&1\\>", rendered);
    }

    [Fact]
    public void LinkWithUnsafeUrl_IsShownAsTextOnly()
    {
        Assert.Equal("x y z", DiscordMarkdown.Render("x [y](https://x.example/a>b) z"));
        Assert.Equal("\\[y\\]\\(javascript:alert\\(1\\)\\)", DiscordMarkdown.Render("[y](javascript:alert(1))"));
        Assert.Equal("[ig](<https://www.instagram.com/accounts/privacy_and_security/>)", DiscordMarkdown.Render("[ig](https://www.instagram.com/accounts/privacy_and_security/)"));
    }

    [Fact]
    public void LongText_IsSplitAtLineBoundariesUnder2000()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"- point {i}: un texte assez long pour remplir la ligne").ToList();
        var reply = Reply.Single(new ReplyMessage(string.Join("\n", lines)) { Choices = [new Choice("Suite", "t:next")] });

        var payloads = DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "fr"), ephemeral: true, offerShare: true);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.InRange(p.Content!.Length, 1, DiscordRenderer.ContentLimit));
        Assert.All(payloads, p => Assert.Equal(MessageFlags.Ephemeral, p.Flags));
        var rejoined = string.Join("\n", payloads.Select(p => p.Content));
        Assert.Equal(DiscordMarkdown.Render(string.Join("\n", lines)), rejoined);
        Assert.All(payloads.SkipLast(1), p => Assert.Null(p.Components));
        Assert.NotNull(payloads[^1].Components);
    }

    [Fact]
    public void Choices_FiveButtonsPerRow_LinksAsLinkButtons_ShareLast()
    {
        var choices = Enumerable.Range(0, 7).Select(i => new Choice($"Choix {i}", $"t:topic-{i}")).ToArray();
        var reply = Reply.Single(new ReplyMessage("Quel sujet ?") { Choices = choices, Links = [new LinkButton("Centre", "https://accountscenter.facebook.com/")] });

        var payload = Assert.Single(DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "en"), ephemeral: true, offerShare: true));

        var rows = payload.Components!;
        Assert.All(rows, r => Assert.Equal(ComponentTypes.ActionRow, r.Type));
        Assert.All(rows, r => Assert.InRange(r.Components!.Count, 1, 5));
        Assert.Equal(3, rows.Count);
        Assert.Equal(5, rows[0].Components!.Count);
        var last = rows[^1].Components!;
        Assert.Equal(ButtonStyles.Link, last[0].Style);
        Assert.Equal("https://accountscenter.facebook.com/", last[0].Url);
        Assert.Null(last[0].CustomId);
        Assert.Equal("x:share", last[1].CustomId);
        Assert.Equal("Share in channel", last[1].Label);
    }

    [Fact]
    public void TooManyChoices_GoIntoOneSelectMenu()
    {
        var choices = Enumerable.Range(0, 30).Select(i => new Choice($"Sujet {i}", $"t:topic-{i}")).ToArray();

        var payload = Assert.Single(DiscordRenderer.Render(Reply.Single(new ReplyMessage("Lequel ?") { Choices = choices }), DiscordLabels.For(RealContent.Value, "fr"), true, true));

        var select = payload.Components![0].Components!.Single();
        Assert.Equal(ComponentTypes.StringSelect, select.Type);
        Assert.Equal("x:select", select.CustomId);
        Assert.Equal(25, select.Options!.Count);
        Assert.Equal("t:topic-0", select.Options[0].Value);
        Assert.InRange(payload.Components.Count, 1, 5);
    }

    [Fact]
    public void TwoLabelsForTheSameAction_BothShown_WithUniqueCustomIds()
    {
        var reply = Reply.Single(new ReplyMessage("x") { Choices = [new Choice(new string('a', 120), "s:instagram/open"), new Choice("Back", "s:instagram/open")] });

        var payload = Assert.Single(DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "fr"), false, false));

        var buttons = payload.Components!.Single().Components!;
        Assert.Equal(80, buttons[0].Label!.Length);
        Assert.Equal(["s:instagram/open", "s:instagram/open#2"], buttons.Select(b => b.CustomId));
        Assert.All(buttons, b => Assert.Equal("s:instagram/open", DiscordRenderer.ActionOf(b.CustomId!)));
    }

    [Theory]
    [InlineData("t:deadline", "t:deadline")]
    [InlineData("s:instagram/open#3", "s:instagram/open")]
    [InlineData("c:optout:#", "c:optout:#")]
    [InlineData("c:x:a#b", "c:x:a#b")]
    public void ActionOf_RemovesOnlyTheDuplicateSuffix(string customId, string action) =>
        Assert.Equal(action, DiscordRenderer.ActionOf(customId));

    [Fact]
    public void Sources_BecomeASubtextFootnote()
    {
        var reply = Reply.Single(new ReplyMessage("Réponse") { Sources = [new SourceNote("CNIL", "https://www.cnil.fr/fr/ia-meta", new DateOnly(2025, 5, 27))] });

        var payload = Assert.Single(DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "fr"), false, false));

        Assert.Equal("Réponse\n\n-# Source : [CNIL](<https://www.cnil.fr/fr/ia-meta>) (2025-05-27)", payload.Content);
    }

    [Fact]
    public void SeveralShortMessages_AreJoinedIntoOneDiscordMessage()
    {
        var reply = new Reply([new ReplyMessage("Un") { Choices = [new Choice("A", "t:a")] }, new ReplyMessage("Deux") { Choices = [new Choice("B", "s:f/b")] }]);

        var payload = Assert.Single(DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "fr"), true, true));

        Assert.Equal("Un\n\nDeux", payload.Content);
        Assert.Equal(["t:a", "s:f/b", "x:share"], payload.Components!.SelectMany(r => r.Components!).Select(c => c.CustomId));
    }

    [Fact]
    public void SeveralLongMessages_StaySeparate_ShareOnlyOnTheLast()
    {
        var longText = string.Join("\n", Enumerable.Range(0, 30).Select(i => $"ligne {i} avec du texte pour occuper de la place"));
        var reply = new Reply([new ReplyMessage(longText), new ReplyMessage(longText + " fin")]);

        var payloads = DiscordRenderer.Render(reply, DiscordLabels.For(RealContent.Value, "fr"), true, true);

        Assert.Equal(2, payloads.Count);
        Assert.Null(payloads[0].Components);
        Assert.Equal("x:share", payloads[1].Components!.Single().Components!.Single().CustomId);
    }

    [Fact]
    public void InsertedValue_IsMarkdownEscapedText_NeverALinkOrBold()
    {
        var text = Markup.Fill("No guide for \"{platform}\".", "{platform}", "[x](https://evil.example) **b** @everyone");

        var payload = Assert.Single(DiscordRenderer.Render(Reply.Single(new ReplyMessage(text)), DiscordLabels.For(RealContent.Value, "en"), false, false));

        Assert.Equal("No guide for \"\\[x\\]\\(https://evil.example\\) \\*\\*b\\*\\* \\@everyone\".", payload.Content);
    }

    [Fact]
    public void SplitAt40_InsideALink_EveryPartIsWellFormedAndTheLinkWhole()
    {
        var reply = Reply.Single(new ReplyMessage("Ouvrez le [centre](https://x.example/p) puis revenez ici quand c'est fait"));

        var parts = ReplyLayout.Lay(reply, new LayoutLimits { MaxTextLength = 40, MaxUrlLength = DiscordMarkdown.MaxUrlLength }, DiscordMarkdown.Instance, "fr");

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Text.Length, 1, 40));
        Assert.Single(parts, p => p.Text.Contains("[centre](<https://x.example/p>)", StringComparison.Ordinal));
        // Outside the one masked link every bracket is escaped: nothing half-open.
        Assert.All(parts, p => Assert.DoesNotMatch(@"(?<!\\)[\[\]()]", p.Text.Replace("[centre](<https://x.example/p>)", string.Empty, StringComparison.Ordinal)));
    }
}
