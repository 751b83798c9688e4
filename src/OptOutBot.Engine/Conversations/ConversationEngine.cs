using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Conversations;

/// <summary>
/// The rule-based dialog engine: load the person's state, choose the language, route the input (command, button,
/// guide step, or matched topic), answer from prebuilt content replies, save the state if it changed.
/// </summary>
public sealed class ConversationEngine : IConversationEngine
{
    // Re-save an unchanged state only this often, so the expiry slides without a write on every turn.
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(1);

    private readonly BotContent _content;
    private readonly IConversationStore _store;
    private readonly TimeProvider _time;
    private readonly ConversationOptions _options;
    private readonly IReadOnlyList<IPersonalDataSource> _personalData;
    private readonly ISubscriptionPort? _subscriptions;
    private readonly IQuestionLog? _questionLog;
    private readonly ILogger _logger;
    private readonly CommandRouter _commands;
    private readonly TopicAnswers _answers;
    private readonly PushChannels? _push;

    public ConversationEngine(
        BotContent content,
        IConversationStore store,
        TimeProvider time,
        IOptions<ConversationOptions> options,
        IEnumerable<IPersonalDataSource>? personalData = null,
        ISubscriptionPort? subscriptions = null,
        IQuestionLog? questionLog = null,
        ILogger<ConversationEngine>? logger = null,
        IUpcomingEvents? calendar = null,
        PushChannels? push = null)
    {
        _content = content;
        _store = store;
        _time = time;
        _options = options.Value;
        _personalData = personalData?.ToList() ?? [];
        _subscriptions = subscriptions;
        _questionLog = questionLog;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _answers = new TopicAnswers(calendar, time);
        _push = push;
        _commands = new CommandRouter(content, new Commands.CommandServices(_personalData, subscriptions, _answers, push ?? PushChannels.None));
    }

    public async ValueTask<TurnResult> HandleAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var state = await _store.GetAsync(message.Key, now - _options.StateTtl, cancellationToken).ConfigureAwait(false);
        var turn = new Turn(message, state, ChooseLocale(message, state)) { CanPush = CanPush(message) };

        var result = message.Input switch
        {
            TextInput text => await OnTextAsync(turn, text.Text, cancellationToken).ConfigureAwait(false),
            CommandInput command => await _commands.RunAsync(turn, command.Name, command.Argument, cancellationToken).ConfigureAwait(false),
            ActionInput action => await OnActionAsync(turn, action.ActionId, cancellationToken).ConfigureAwait(false),
            _ => Invalid(turn, "invalid.empty"),
        };

        if (!turn.Erased)
        {
            var next = new ConversationState(turn.SavedLocale, turn.Flow, result.TopicId ?? state?.LastTopic, now);
            if (state is null ? !IsEmpty(next) : Changed(state, next) || now - state.UpdatedAt > RefreshEvery)
            {
                await _store.SaveAsync(message.Key, next, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.Turn(_logger, message.Channel, result.Outcome, result.TopicId);
        return result;
    }

    /// <summary>
    /// Whether news can reach this conversation later: the adapter gave an address, subscriptions exist, and the channel
    /// has a proactive sender (without a registry, as in tests, the address decides).
    /// </summary>
    private bool CanPush(InboundMessage message) =>
        message.ReplyAddress is not null && _subscriptions is not null && (_push?.CanPush(message.Channel) ?? true);

    /// <summary>Explicit choice (saved with /language) &gt; platform hint &gt; the question's own language &gt; default.</summary>
    private string ChooseLocale(InboundMessage message, ConversationState? state)
    {
        if (state?.Locale is { } saved && _content.HasLocale(saved))
        {
            return saved;
        }

        return _content.ResolveLocale(message.LocaleHint) ?? _content.DefaultLocale;
    }

    private async ValueTask<TurnResult> OnTextAsync(Turn turn, string raw, CancellationToken cancellationToken)
    {
        var text = raw.AsSpan().Trim();
        if (text.IsEmpty || IsOnlyControl(text))
        {
            return Invalid(turn, "invalid.empty");
        }

        if (text[0] == '/' && text.Length > 1 && char.IsAsciiLetter(text[1]))
        {
            var (name, argument) = CommandRouter.Parse(text[1..]);
            return await _commands.RunAsync(turn, name, argument, cancellationToken).ConfigureAwait(false);
        }

        if (turn.Flow is { } current && ChoiceByText(turn, current, text) is { } chosen)
        {
            return await OnActionAsync(turn, chosen, cancellationToken).ConfigureAwait(false);
        }

        var match = _content.Matcher.Match(text);
        if (turn.State?.Locale is null && _content.ResolveLocale(turn.Message.LocaleHint) is null)
        {
            turn.Locale = GuessLocale(match, turn.Locale);
        }

        var decision = Decide(match);
        if (decision != Decision.Answer && FollowUp(turn, text) is { } followUp)
        {
            (match, decision) = (followUp, Decision.Answer);
        }

        if (TwoQuestions(text, match, decision) is var (first, second) && first >= 0)
        {
            return second < 0 ? AnswerTopic(turn, _content.Matcher.TopicId(first)) : AnswerBoth(turn, first, second);
        }

        if (decision == Decision.Fallback)
        {
            if (_options.LogUnansweredQuestions && _questionLog is not null)
            {
                await _questionLog.AppendAsync(new UnansweredQuestion(turn.Message.Channel, turn.Locale, QuestionRedactor.Redact(raw), _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            return new TurnResult(_content.Fallback(turn.Locale), turn.Locale, TurnOutcome.Fallback);
        }

        if (decision == Decision.Clarify)
        {
            return Clarify(turn, match);
        }

        return AnswerTopic(turn, _content.Matcher.TopicId(match.First));
    }

    /// <summary>
    /// An off-topic word in the question ("music", "banque") says it may be about something else: then the best topic
    /// must explain more of it than usual ("je n'arrive pas à me connecter à ma banque" is not a log-in problem with
    /// the objection form, though "connect" and "pas" are that topic's words).
    /// </summary>
    private double MinCoverage(MatchResult match) => match.OffTopicTerms > 0 ? Math.Max(_options.MinCoverage, OffTopicMinCoverage) : _options.MinCoverage;

    private const double OffTopicMinCoverage = 0.75;

    private enum Decision
    {
        Fallback,
        Clarify,
        Answer,
    }

    // A question as close to the off-topic examples as to its best topic is about something else.
    private Decision Decide(MatchResult match) =>
        match.First < 0 || match.FirstScore < _options.MatchThreshold || match.FirstCoverage < MinCoverage(match)
            || (match.IntentTerms == 1 && match.SalientIntentTerms == 0 && !_content.IsSocialTopic(match.First)) // one incidental word says too little
            || match.OffTopicScore >= match.FirstScore || (match.IntentTerms == 0 && !_content.IsSocialTopic(match.First)) ? Decision.Fallback
        : match.Second >= 0 && match.SecondScore >= match.FirstScore * _options.ClarifyRatio && !match.FirstIsAnExample && !match.FirstNamesThePlace ? Decision.Clarify
        : Decision.Answer;

    /// <summary>
    /// A short question the bot cannot place on its own ("et sur instagram ?", "and for my kids?") read with the
    /// conversation's last topic: its title words join the question at half weight. Null when that does not help.
    /// </summary>
    private MatchResult? FollowUp(Turn turn, ReadOnlySpan<char> text)
    {
        if (turn.State?.LastTopic is not { } last || last is BotContent.WelcomeTopic or BotContent.ThanksTopic
            || _content.Matcher.TopicIndex(last) is var context && context < 0)
        {
            return null;
        }

        var match = _content.Matcher.Match(text, context);
        return match.KnownTerms is > 0 and <= MaxFollowUpTerms && Decide(match) == Decision.Answer ? match : null;
    }

    // A follow-up is a few words; a longer question stands on its own.
    private const int MaxFollowUpTerms = 3;

    /// <summary>
    /// "How do I opt out on Facebook? And what about my kids?": each question is matched on its own. Returns the
    /// topics to answer (the second -1 when only one is clear), or null when the message is one question or the
    /// whole message already has a clear answer that the parts do not improve on.
    /// </summary>
    private (int First, int Second)? TwoQuestions(ReadOnlySpan<char> text, MatchResult whole, Decision decision)
    {
        var cut = text[..^1].IndexOf('?');
        if (cut <= 0 || text[(cut + 1)..].Trim().Length < 3)
        {
            return null;
        }

        var a = _content.Matcher.Match(text[..cut]);
        var b = _content.Matcher.Match(text[(cut + 1)..]);
        var first = Decide(a) == Decision.Answer ? a.First : -1;
        var second = Decide(b) == Decision.Answer ? b.First : -1;
        if (first < 0)
        {
            (first, second) = (second, -1);
        }

        if (first < 0 || first == second)
        {
            return decision == Decision.Answer || first < 0 ? null : (first, -1);
        }

        if (second < 0)
        {
            // One clear part: it wins over an unclear whole; a clear whole stays as it is.
            return decision == Decision.Answer ? null : (first, -1);
        }

        return (first, second);
    }

    /// <summary>Two questions, two topics: the first answered, the second offered as a button right after it.</summary>
    private TurnResult AnswerBoth(Turn turn, int first, int second)
    {
        var answer = AnswerTopic(turn, _content.Matcher.TopicId(first));
        var secondId = _content.Matcher.TopicId(second);
        if (answer.Outcome != TurnOutcome.Topic)
        {
            return answer;
        }

        var also = new ReplyMessage(_content.Text(turn.Locale, "also_asked"))
        {
            Choices = [new Choice(_content.TopicTitle(turn.Locale, secondId), ActionIds.Topic(secondId))],
        };
        return answer with { Reply = answer.Reply with { Messages = [.. answer.Reply.Messages, also] } };
    }

    /// <summary>The language the question's stop words point to; the current one when they do not tell (none, or a tie).</summary>
    private string GuessLocale(MatchResult match, string current) =>
        match.Language >= 0 && match.Language < _content.Locales.Count ? _content.Locales[match.Language] : current;

    private TurnResult Clarify(Turn turn, MatchResult match)
    {
        var candidates = new List<string>(3) { _content.Matcher.TopicId(match.First), _content.Matcher.TopicId(match.Second) };
        if (match.Third >= 0 && match.ThirdScore >= match.FirstScore * _options.ClarifyRatio)
        {
            candidates.Add(_content.Matcher.TopicId(match.Third));
        }

        var choices = candidates.Select(id => new Choice(_content.TopicTitle(turn.Locale, id), ActionIds.Topic(id))).ToList();
        var reply = Reply.Single(new ReplyMessage(_content.Text(turn.Locale, "clarify")) { Choices = choices }, turn.Locale);
        turn.Flow = null;
        return new TurnResult(reply, turn.Locale, TurnOutcome.Clarify) { Candidates = candidates };
    }

    internal TurnResult AnswerTopic(Turn turn, string topicId)
    {
        var reply = _answers.For(_content, turn.Locale, topicId, turn.CanPush);
        if (reply is null)
        {
            return Invalid(turn, "invalid.action");
        }

        turn.Flow = _content.TopicGuideStart(turn.Locale, topicId);
        return new TurnResult(reply, turn.Locale, TurnOutcome.Topic, topicId) { FlowStep = turn.Flow };
    }

    private async ValueTask<TurnResult> OnActionAsync(Turn turn, string actionId, CancellationToken cancellationToken)
    {
        if (actionId == ActionIds.Menu)
        {
            turn.Flow = null;
            return new TurnResult(_content.Menu(turn.Locale), turn.Locale, TurnOutcome.Command) { Command = "menu" };
        }

        if (actionId.StartsWith("t:", StringComparison.Ordinal))
        {
            return AnswerTopic(turn, actionId[2..]);
        }

        if (actionId.StartsWith("s:", StringComparison.Ordinal))
        {
            var slash = actionId.IndexOf('/', 2);
            var origin = actionId.IndexOf(ActionIds.OriginSeparator, StringComparison.Ordinal);
            var stepEnd = origin < 0 ? actionId.Length : origin;
            if (slash > 2 && slash < stepEnd
                && _content.StepReply(turn.Locale, actionId[2..slash], actionId[(slash + 1)..stepEnd], origin < 0 ? null : actionId[(origin + 1)..], turn.CanPush) is { } step)
            {
                turn.Flow = actionId[2..stepEnd];
                return new TurnResult(step, turn.Locale, TurnOutcome.FlowStep) { FlowStep = turn.Flow };
            }
        }

        if (actionId.StartsWith("c:", StringComparison.Ordinal))
        {
            var (name, argument) = CommandRouter.Parse(actionId.AsSpan(2), ':');
            return await _commands.RunAsync(turn, name, argument, cancellationToken).ConfigureAwait(false);
        }

        return Invalid(turn, "invalid.action");
    }

    /// <summary>Typing a choice's label (or its number) while in a guide presses it.</summary>
    private string? ChoiceByText(Turn turn, string flowStep, ReadOnlySpan<char> text)
    {
        var slash = flowStep.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || _content.StepMessage(turn.Locale, flowStep[..slash], flowStep[(slash + 1)..]) is not { } step)
        {
            return null;
        }

        if (text.Length <= 2 && int.TryParse(text, out var number) && number >= 1 && number <= step.Choices.Count)
        {
            return step.Choices[number - 1].ActionId;
        }

        var folded = TextNormalizer.Fold(text.ToString());
        foreach (var choice in step.Choices)
        {
            if (TextNormalizer.Fold(choice.Label) == folded)
            {
                return choice.ActionId;
            }
        }

        return null;
    }

    internal TurnResult Invalid(Turn turn, string key) =>
        new(Reply.Single(new ReplyMessage(_content.Text(turn.Locale, key)) { Choices = _content.Menu(turn.Locale).Messages[0].Choices }, turn.Locale), turn.Locale, TurnOutcome.Invalid);

    private static bool IsOnlyControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsControl(c) && !char.IsWhiteSpace(c) && c != '\u200B' && c != '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEmpty(ConversationState state) => state.Locale is null && state.Flow is null && state.LastTopic is null;

    private static bool Changed(ConversationState before, ConversationState after) =>
        before.Locale != after.Locale || before.Flow != after.Flow || before.LastTopic != after.LastTopic;
}

/// <summary>The mutable facts of one turn while it is routed.</summary>
internal sealed class Turn(InboundMessage message, ConversationState? state, string locale)
{
    public InboundMessage Message { get; } = message;

    public ConversationState? State { get; } = state;

    public string Locale { get; set; } = locale;

    /// <summary>The explicitly chosen language to keep, or null to keep following the platform.</summary>
    public string? SavedLocale { get; set; } = state?.Locale;

    public string? Flow { get; set; } = state?.Flow;

    /// <summary>Whether the channel can send this person news later; the invitation to subscribe is offered only then.</summary>
    public bool CanPush { get; init; }

    /// <summary>Set by /forget: nothing about the person may be written after it.</summary>
    public bool Erased { get; set; }
}
