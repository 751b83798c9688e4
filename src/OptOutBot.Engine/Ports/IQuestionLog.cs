namespace OptOutBot.Engine.Ports;

/// <summary>Opt-in log of unanswered questions, already redacted, with no link to the person. Off unless the operator enables it.</summary>
public interface IQuestionLog
{
    ValueTask AppendAsync(UnansweredQuestion question, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<UnansweredQuestion>> ListAsync(int limit, CancellationToken cancellationToken = default);
}

/// <param name="RedactedText">The question with e-mails, phone numbers, urls and digits replaced.</param>
public sealed record UnansweredQuestion(string Channel, string Locale, string RedactedText, DateTimeOffset At);
