using System.Text.Json;
using OptOutBot.Adapters.BotFramework.Wire;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.BotFramework.Tests;

public sealed class BotFrameworkRendererTests
{
    private static readonly RenderTarget WebChat = new("webchat", "user-1", "fr-FR");
    private static readonly RenderTarget Teams = new("msteams", "29:user", "fr-FR");

    [Fact]
    public void Markup_BecomesMarkdown_WithContentEscaped()
    {
        var md = BotFrameworkRenderer.ToMarkdown("**Étape 1** : ouvrez _Paramètres_ puis [le centre](https://www.facebook.com/privacy/center) <b>x</b> a*b [c] #d");

        Assert.Equal("**Étape 1** : ouvrez _Paramètres_ puis [le centre](https://www.facebook.com/privacy/center) \\<b\\>x\\</b\\> a\\*b \\[c\\] \\#d", md);
    }

    [Fact]
    public void Lists_AndParagraphs_KeepTheirShape()
    {
        var md = BotFrameworkRenderer.ToMarkdown("Intro\nsuite\n- un\n- deux\n\n1. a\n2. b\nFin");

        Assert.Equal("Intro  \nsuite\n\n- un\n- deux\n\n1. a\n2. b\n\nFin", md);
    }

    [Fact]
    public void ParagraphThatLooksLikeAList_IsEscaped()
    {
        Assert.Equal("2025\\. année", BotFrameworkRenderer.ToMarkdown("2025. année"));
    }

    [Fact]
    public void Choices_AreSuggestedActions_ForTheUser_CarryingTheActionId()
    {
        var reply = Reply.Single(new ReplyMessage("Choisissez") { Choices = [new Choice("Instagram", "t:optout-instagram-steps"), new Choice("Facebook", "t:optout-facebook-steps")] });

        var activity = Assert.Single(BotFrameworkRenderer.Render(reply, WebChat, 4000));

        Assert.Equal("markdown", activity.TextFormat);
        Assert.Equal("fr-FR", activity.Locale);
        Assert.Equal(["user-1"], activity.SuggestedActions!.To);
        var first = activity.SuggestedActions.Actions[0];
        Assert.Equal("messageBack", first.Type);
        Assert.Equal("Instagram", first.Title);
        Assert.Equal("Instagram", first.DisplayText);
        Assert.Equal("t:optout-instagram-steps", Assert.IsType<ActionValue>(first.Value).ActionId);
        Assert.Null(activity.Attachments);
    }

    [Fact]
    public void InTeams_ChoicesAndLinks_AreHeroCardButtons()
    {
        var reply = Reply.Single(new ReplyMessage("Choisissez")
        {
            Choices = [.. Enumerable.Range(1, 6).Select(i => new Choice("C" + i, "t:c" + i))],
            Links = [new LinkButton("Formulaire", "https://help.instagram.com/contact/767264225370182")],
        });

        var activity = Assert.Single(BotFrameworkRenderer.Render(reply, Teams, 4000));

        Assert.Null(activity.SuggestedActions);
        Assert.Equal(2, activity.Attachments!.Count);
        Assert.All(activity.Attachments, a => Assert.Equal("application/vnd.microsoft.card.hero", a.ContentType));
        Assert.Equal(6, activity.Attachments[0].Content!.Buttons.Count);
        var link = activity.Attachments[1].Content!.Buttons.Single();
        Assert.Equal("openUrl", link.Type);
        Assert.Equal("https://help.instagram.com/contact/767264225370182", link.Value);
    }

    [Fact]
    public void Links_AreOpenUrlButtons_OnACard()
    {
        var reply = Reply.Single(new ReplyMessage("Voir") { Links = [new LinkButton("Centre", "https://accountscenter.facebook.com/")] });

        var activity = Assert.Single(BotFrameworkRenderer.Render(reply, WebChat, 4000));

        var button = Assert.Single(Assert.Single(activity.Attachments!).Content!.Buttons);
        Assert.Equal("openUrl", button.Type);
        Assert.Equal("Centre", button.Title);
    }

    [Fact]
    public void LongAnswer_IsSplit_WithButtonsOnTheLastActivityOnly()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 40).Select(i => $"Paragraphe {i} : " + new string('x', 80)));
        var reply = Reply.Single(new ReplyMessage(text) { Choices = [new Choice("Menu", "m")] });

        var activities = BotFrameworkRenderer.Render(reply, WebChat, 1000);

        Assert.True(activities.Count >= 4);
        Assert.All(activities, a => Assert.True(a.Text!.Length <= 1000));
        Assert.All(activities[..^1], a => Assert.Null(a.SuggestedActions));
        Assert.NotNull(activities[^1].SuggestedActions);
        Assert.Contains("Paragraphe 40", activities[^1].Text);
    }

    [Fact]
    public void Sources_AreAFootnote()
    {
        var reply = Reply.Single(new ReplyMessage("Réponse") { Sources = [new SourceNote("CNIL", "https://www.cnil.fr/fr/meta-ia", new DateOnly(2025, 5, 27))] });

        var activity = Assert.Single(BotFrameworkRenderer.Render(reply, WebChat, 4000));

        Assert.Contains("[CNIL](https://www.cnil.fr/fr/meta-ia)", activity.Text);
        Assert.Contains("2025-05-27", activity.Text);
    }

    [Fact]
    public void Json_OmitsEmptyFields_AndUsesCamelCase()
    {
        var reply = Reply.Single(new ReplyMessage("Salut") { Choices = [new Choice("Menu", "m")] });
        var activity = BotFrameworkRenderer.Render(reply, new RenderTarget("webchat", "u", null), 4000)[0];

        var json = JsonSerializer.Serialize(activity, BotFrameworkJsonContext.Default.OutboundActivity);

        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"locale\"", json);
        Assert.Contains("\"suggestedActions\":{\"to\":[\"u\"],\"actions\":[{\"type\":\"messageBack\",\"title\":\"Menu\"", json);
        Assert.Contains("\"value\":{\"actionId\":\"m\"}", json);
    }

    [Fact]
    public void InsertedValue_IsMarkdownEscapedText_NeverALinkOrBold()
    {
        var text = Markup.Fill("No guide for \"{platform}\".", "{platform}", "[x](https://evil.example) **b**");

        var activity = Assert.Single(BotFrameworkRenderer.Render(Reply.Single(new ReplyMessage(text)), WebChat, 4000));

        Assert.Equal("No guide for \"\\[x\\](https://evil.example) \\*\\*b\\*\\*\".", activity.Text);
    }

    [Fact]
    public void SplitAt40_InsideALink_EveryPartIsWellFormedAndTheLinkWhole()
    {
        var reply = Reply.Single(new ReplyMessage("Ouvrez le [centre](https://x.example/p) puis revenez ici quand c'est fait") { Choices = [new Choice("Menu", "m")] });

        var activities = BotFrameworkRenderer.Render(reply, WebChat, 40);

        Assert.True(activities.Count > 1);
        Assert.All(activities, a => Assert.InRange(a.Text!.Length, 1, 40));
        Assert.Single(activities, a => a.Text!.Contains("[centre](https://x.example/p)", StringComparison.Ordinal));
        Assert.All(activities, a => Assert.DoesNotMatch(@"(?<!\\)[\[\]]", a.Text!.Replace("[centre](https://x.example/p)", string.Empty, StringComparison.Ordinal)));
        Assert.NotNull(activities[^1].SuggestedActions);
    }
}
