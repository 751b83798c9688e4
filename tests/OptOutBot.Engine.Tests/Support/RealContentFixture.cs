using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Support;

/// <summary>The real dialogs/ content, loaded once per test class (loading and validating takes about a second).</summary>
public sealed class RealContentFixture
{
    public RealContentFixture()
    {
        Content = BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System);
    }

    public BotContent Content { get; }

    /// <summary>A fresh engine with its own in-memory store (also the /mydata and /forget data source).</summary>
    public ConversationEngine CreateEngine(InMemoryConversationStore? store = null, TimeProvider? time = null, ConversationOptions? options = null, IQuestionLog? questionLog = null)
    {
        store ??= new InMemoryConversationStore();
        return new ConversationEngine(Content, store, time ?? TimeProvider.System, Options.Create(options ?? new ConversationOptions()), [store], questionLog: questionLog);
    }
}

/// <summary>Shorthands to talk to an engine as one person.</summary>
internal static class EngineExtensions
{
    public const string Channel = "test";
    public const string User = "user-1";

    public static InboundMessage Message(MessageInput input, string? localeHint = null, string conversation = "chat-1", string user = User) =>
        new(Channel, conversation, user, input, localeHint);

    public static ValueTask<TurnResult> AskAsync(this IConversationEngine engine, string text, string? localeHint = null, string conversation = "chat-1") =>
        engine.HandleAsync(Message(new TextInput(text), localeHint, conversation));

    public static ValueTask<TurnResult> CommandAsync(this IConversationEngine engine, string name, string? argument = null, string? localeHint = null) =>
        engine.HandleAsync(Message(new CommandInput(name, argument), localeHint));

    public static ValueTask<TurnResult> PressAsync(this IConversationEngine engine, string actionId, string? localeHint = null) =>
        engine.HandleAsync(Message(new ActionInput(actionId), localeHint));

    public static IReadOnlyList<Engine.Replies.Choice> Choices(this TurnResult result) => result.Reply.Messages.SelectMany(m => m.Choices).ToList();

    public static IReadOnlyList<string> ActionIds(this TurnResult result) => result.Choices().Select(c => c.ActionId).ToList();

    /// <summary>The reply as a person reads it (markup removed, all messages).</summary>
    public static string PlainText(this TurnResult result) => string.Join("\n", result.Reply.Messages.Select(m => Engine.Replies.Markup.ToPlainText(m.Text)));
}
