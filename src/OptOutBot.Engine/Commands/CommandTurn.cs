using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Commands;

/// <summary>What a command sees of its turn: the person's message and language, the content's strings, and ways to answer.</summary>
public sealed class CommandTurn
{
    internal CommandTurn(Turn turn, string name, BotContent content, CommandServices services)
    {
        State = turn;
        Name = name;
        Content = content;
        Services = services;
    }

    /// <summary>The name the command was run by (its own, or an alias such as "menu").</summary>
    public string Name { get; }

    /// <summary>The language the answer is in.</summary>
    public string Locale => State.Locale;

    public InboundMessage Message => State.Message;

    /// <summary>Whether this conversation can receive messages later (news, reminders).</summary>
    public bool CanPush => State.CanPush;

    public IContentCatalog Catalog => Content;

    internal Turn State { get; }

    internal BotContent Content { get; }

    internal CommandServices Services { get; }

    /// <summary>A ui string of the turn's language.</summary>
    public string Text(string key) => Content.Text(Locale, key);

    /// <summary>Answers with one message of markup; <paramref name="choices"/> become buttons.</summary>
    public TurnResult Say(string text, IReadOnlyList<Choice>? choices = null, TurnOutcome outcome = TurnOutcome.Command) =>
        Answer(Reply.Single(new ReplyMessage(text) { Choices = choices ?? [] }, Locale), outcome);

    /// <summary>Answers with the ui string <paramref name="key"/>.</summary>
    public TurnResult SayText(string key) => Say(Text(key));

    /// <summary>The main menu's buttons in the turn's language.</summary>
    public IReadOnlyList<Choice> MenuChoices => Content.Menu(Locale).Messages[0].Choices;

    internal TurnResult Answer(Reply reply, TurnOutcome outcome = TurnOutcome.Command) =>
        new(reply.Locale == Locale ? reply : reply with { Locale = Locale }, Locale, outcome) { Command = Name };

    /// <summary>A topic's answer (the person's guide starts if it has one), or null when the topic does not exist.</summary>
    internal TurnResult? Topic(string topicId)
    {
        var reply = Services.Answers.For(Content, Locale, topicId, CanPush);
        if (reply is null)
        {
            return null;
        }

        State.Flow = Content.TopicGuideStart(Locale, topicId);
        return new TurnResult(reply, Locale, TurnOutcome.Command, topicId) { Command = Name, FlowStep = State.Flow };
    }
}

/// <summary>What the built-in commands use beyond the content: personal data sources, subscriptions, the dated answers, push channels.</summary>
internal sealed record CommandServices(IReadOnlyList<IPersonalDataSource> PersonalData, ISubscriptionPort? Subscriptions, TopicAnswers Answers, PushChannels Push);
