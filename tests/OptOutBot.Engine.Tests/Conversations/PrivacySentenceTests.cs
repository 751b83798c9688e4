using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>What the bot says it keeps is true under the operator's setting for unanswered questions.</summary>
public sealed class PrivacySentenceTests
{
    private static readonly Lazy<BotContent> KeepsQuestions = new(() => BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System, keepsUnansweredQuestions: true));
    private static readonly Lazy<BotContent> KeepsNothing = new(() => BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System));

    [Theory]
    [InlineData("about", "en")]
    [InlineData("mydata", "en")]
    [InlineData("forget", "en")]
    [InlineData("start", "en")]
    [InlineData("about", "fr")]
    [InlineData("mydata", "fr")]
    [InlineData("start", "fr")]
    public async Task WithTheQuestionLogOff_TheBotSaysItNeverKeepsMessageText(string command, string locale)
    {
        var text = await AskAsync(KeepsNothing.Value, keeps: false, command, locale);

        Assert.Contains(locale == "fr" ? "Je ne garde jamais le texte de vos messages" : "I never keep the text of your messages", text);
        Assert.DoesNotContain("{privacy}", text);
    }

    [Theory]
    [InlineData("about", "en")]
    [InlineData("mydata", "en")]
    [InlineData("forget", "en")]
    [InlineData("start", "en")]
    [InlineData("about", "fr")]
    [InlineData("mydata", "fr")]
    [InlineData("start", "fr")]
    public async Task WithTheQuestionLogOn_TheBotSaysUnansweredQuestionsAreKeptRedacted(string command, string locale)
    {
        var text = await AskAsync(KeepsQuestions.Value, keeps: true, command, locale);

        Assert.Contains(locale == "fr" ? "sauf les questions auxquelles je n'ai pas su répondre" : "except the questions I could not answer", text);
        Assert.DoesNotContain(locale == "fr" ? "Je ne garde jamais le texte" : "I never keep the text", text);
        Assert.DoesNotContain("{privacy}", text);
    }

    private static async Task<string> AskAsync(BotContent content, bool keeps, string command, string locale)
    {
        var store = new InMemoryConversationStore();
        var engine = new ConversationEngine(content, store, TimeProvider.System, Options.Create(new ConversationOptions { LogUnansweredQuestions = keeps }), [store]);
        var result = await engine.CommandAsync(command, localeHint: locale);
        return result.PlainText();
    }
}
