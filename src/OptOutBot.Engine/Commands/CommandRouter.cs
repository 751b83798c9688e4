using System.Globalization;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Matching;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine;

/// <summary>Runs the commands: start/help, optout [platform], ask, deadline, language, forget, mydata, about, subscribe, unsubscribe.</summary>
internal sealed class CommandRouter(BotContent content, IReadOnlyList<IPersonalDataSource> personalData, ISubscriptionPort? subscriptions, TopicAnswers answers, PushChannels push)
{
    // Platform words (after folding) → the topic that guides on that platform.
    private static readonly Dictionary<string, string> PlatformTopics = new(StringComparer.Ordinal)
    {
        ["facebook"] = "optout-facebook-steps", ["fb"] = "optout-facebook-steps", ["face"] = "optout-facebook-steps",
        ["instagram"] = "optout-instagram-steps", ["insta"] = "optout-instagram-steps", ["ig"] = "optout-instagram-steps",
        ["threads"] = "optout-instagram-steps",
        ["whatsapp"] = "whatsapp", ["wa"] = "whatsapp",
        ["messenger"] = "messenger-threads",
        ["linkedin"] = "other-platform-linkedin",
        ["x"] = "other-platform-x-grok", ["twitter"] = "other-platform-x-grok", ["grok"] = "other-platform-x-grok",
        ["reddit"] = "other-platform-reddit",
        ["slack"] = "other-platform-slack",
        ["google"] = "other-platform-google-gemini", ["gemini"] = "other-platform-google-gemini",
        ["openai"] = "other-platform-openai-chatgpt", ["chatgpt"] = "other-platform-openai-chatgpt",
    };

    /// <summary>Splits "optout@MyBot instagram" into ("optout", "instagram"); names are lower-cased, a bot suffix dropped.</summary>
    public static (string Name, string? Argument) Parse(ReadOnlySpan<char> text, char separator = ' ')
    {
        var cut = text.IndexOf(separator);
        var name = cut < 0 ? text : text[..cut];
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            name = name[..at];
        }

        var argument = cut < 0 ? ReadOnlySpan<char>.Empty : text[(cut + 1)..].Trim();
        return (name.ToString().ToLowerInvariant(), argument.IsEmpty ? null : argument.ToString());
    }

    public async ValueTask<TurnResult> RunAsync(Turn turn, string name, string? argument, CancellationToken cancellationToken)
    {
        var locale = turn.Locale;
        switch (name)
        {
            case "start":
            case "help":
            case "menu":
                turn.Flow = null;
                return Topic(turn, "welcome", name) ?? Done(turn, content.Menu(locale), name);
            case "optout":
                return OptOut(turn, argument);
            case "ask":
                return argument is null
                    ? Text(turn, "invalid.empty", name)
                    : Topic(turn, TopicOf(argument) ?? string.Empty, name) ?? Done(turn, content.Fallback(locale), name, TurnOutcome.Fallback);
            case "deadline":
                return Topic(turn, "deadline", name) ?? Done(turn, content.Menu(locale), name);
            case "language":
                return Language(turn, argument);
            case "about":
                return Text(turn, "about", name);
            case "mydata":
                return await MyDataAsync(turn, cancellationToken).ConfigureAwait(false);
            case "forget":
                return await ForgetAsync(turn, argument, cancellationToken).ConfigureAwait(false);
            case "subscribe":
            case "unsubscribe":
                return await SubscriptionAsync(turn, name, argument, cancellationToken).ConfigureAwait(false);
            default:
                var message = Markup.Fill(content.Text(locale, "unknown_command"), "{command}", "/" + Trim(name, 32));
                return Done(turn, Reply.Single(new ReplyMessage(message) { Choices = content.Menu(locale).Messages[0].Choices }), name, TurnOutcome.Invalid);
        }
    }

    private string? TopicOf(string question)
    {
        var match = content.Matcher.Match(question);
        return match.First >= 0 ? content.Matcher.TopicId(match.First) : null;
    }

    private TurnResult OptOut(Turn turn, string? argument)
    {
        if (argument is null)
        {
            return Topic(turn, "optout-how", "optout")!;
        }

        var key = TextNormalizer.Fold(argument).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (PlatformTopics.TryGetValue(key, out var topicId) && Topic(turn, topicId, "optout") is { } answer)
        {
            return answer;
        }

        var text = Markup.Fill(content.Text(turn.Locale, "optout.unknown_platform"), "{platform}", Trim(argument, 40));
        var how = content.TopicReply(turn.Locale, "optout-how");
        var choices = how?.Messages[0].Choices ?? content.Menu(turn.Locale).Messages[0].Choices;
        return Done(turn, Reply.Single(new ReplyMessage(text) { Choices = choices }), "optout", TurnOutcome.Invalid);
    }

    private TurnResult Language(Turn turn, string? argument)
    {
        var chosen = argument is null ? null : content.ResolveLocale(argument) ?? LocaleByName(argument);
        if (chosen is null)
        {
            var choices = content.Locales.Select(l => new Choice(content.Pack(l).Ui.LanguageName, ActionIds.Command("language", l))).ToList();
            return Done(turn, Reply.Single(new ReplyMessage(content.Text(turn.Locale, "language.prompt")) { Choices = choices }), "language");
        }

        turn.Locale = chosen;
        turn.SavedLocale = chosen;
        var menu = content.Menu(chosen).Messages[0];
        return Done(turn, Reply.Single(new ReplyMessage(content.Text(chosen, "language.changed")) { Choices = menu.Choices }), "language");
    }

    private string? LocaleByName(string name)
    {
        var folded = TextNormalizer.Fold(name);
        return content.Locales.FirstOrDefault(l => TextNormalizer.Fold(content.Pack(l).Ui.LanguageName) == folded);
    }

    private async ValueTask<TurnResult> MyDataAsync(Turn turn, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var source in personalData)
        {
            foreach (var item in await source.DescribeAsync(turn.Message.User, cancellationToken).ConfigureAwait(false))
            {
                var label = content.Text(turn.Locale, "mydata.kind." + item.Kind);
                lines.Add("- " + (label == "mydata.kind." + item.Kind ? item.Kind : label) + " : " + item.Detail);
            }
        }

        var text = lines.Count == 0
            ? content.Text(turn.Locale, "mydata.none")
            : content.Text(turn.Locale, "mydata.intro") + "\n\n" + string.Join('\n', lines);
        var choices = new[] { new Choice(content.Text(turn.Locale, "forget.yes"), ActionIds.Command("forget")) };
        return Done(turn, Reply.Single(new ReplyMessage(text) { Choices = lines.Count == 0 ? [] : choices }), "mydata");
    }

    private async ValueTask<TurnResult> ForgetAsync(Turn turn, string? argument, CancellationToken cancellationToken)
    {
        var locale = turn.Locale;
        if (argument == "no")
        {
            return Text(turn, "forget.cancelled", "forget");
        }

        if (argument != "yes")
        {
            var choices = new[]
            {
                new Choice(content.Text(locale, "forget.yes"), ActionIds.Command("forget", "yes")),
                new Choice(content.Text(locale, "forget.no"), ActionIds.Command("forget", "no")),
            };
            return Done(turn, Reply.Single(new ReplyMessage(content.Text(locale, "forget.confirm")) { Choices = choices }), "forget");
        }

        var count = 0;
        foreach (var source in personalData)
        {
            count += await source.EraseAsync(turn.Message.User, cancellationToken).ConfigureAwait(false);
        }

        turn.Erased = true;
        turn.Flow = null;
        var text = Markup.Fill(content.Text(locale, "forget.done"), "{count}", count.ToString(CultureInfo.InvariantCulture));
        return Done(turn, Reply.Single(new ReplyMessage(text)), "forget");
    }

    private async ValueTask<TurnResult> SubscriptionAsync(Turn turn, string name, string? argument, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        if (!turn.CanPush || subscriptions is null || message.ReplyAddress is null)
        {
            // Said plainly: this chat cannot receive news, and where it can (if anywhere on this bot).
            return push.Channels.Count == 0
                ? Text(turn, "subscribe.unavailable", name)
                : Done(turn, Reply.Single(new ReplyMessage(content.Text(turn.Locale, "subscribe.no_push").Replace("{channels}", push.Names, StringComparison.Ordinal))), name);
        }

        if (message.Scope == ConversationScope.Group && message.SenderIsAdmin != true)
        {
            return Text(turn, "subscribe.admin_only", name);
        }

        var request = new SubscriptionRequest(message.User, message.ReplyAddress, message.Scope, turn.Locale, argument is null ? null : Trim(TextNormalizer.Fold(argument), 40));
        var change = name == "subscribe"
            ? await subscriptions.SubscribeAsync(request, cancellationToken).ConfigureAwait(false)
            : await subscriptions.UnsubscribeAsync(request, cancellationToken).ConfigureAwait(false);
        var key = change switch
        {
            SubscriptionChange.Subscribed => "subscribe.done",
            SubscriptionChange.AlreadySubscribed => "subscribe.already",
            SubscriptionChange.Unsubscribed => "unsubscribe.done",
            _ => "unsubscribe.none",
        };
        return Text(turn, key, name);
    }

    private TurnResult? Topic(Turn turn, string topicId, string command)
    {
        var reply = answers.For(content, turn.Locale, topicId, turn.CanPush);
        if (reply is null)
        {
            return null;
        }

        turn.Flow = content.TopicGuideStart(turn.Locale, topicId);
        return new TurnResult(reply, turn.Locale, TurnOutcome.Command, topicId) { Command = command, FlowStep = turn.Flow };
    }

    private TurnResult Text(Turn turn, string key, string command) =>
        Done(turn, Reply.Single(new ReplyMessage(content.Text(turn.Locale, key))), command);

    private static TurnResult Done(Turn turn, Reply reply, string command, TurnOutcome outcome = TurnOutcome.Command) =>
        new(reply.Locale == turn.Locale ? reply : reply with { Locale = turn.Locale }, turn.Locale, outcome) { Command = command };

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
