namespace OptOutBot.Engine.Ports;

/// <summary>Opt-in log of unanswered questions, already redacted, with no link to the person. Off unless the operator enables it.</summary>
public interface IQuestionLog
{
    ValueTask AppendAsync(UnansweredQuestion question, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<UnansweredQuestion>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the questions with these ids, or every question when <paramref name="ids"/> is null; returns how many.</summary>
    ValueTask<int> DeleteAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken = default);
}

/// <param name="RedactedText">The question with e-mails, phone numbers, urls and digits replaced.</param>
/// <param name="Id">The store's row id (0 before it is stored), for deleting it.</param>
public sealed record UnansweredQuestion(string Channel, string Locale, string RedactedText, DateTimeOffset At, long Id = 0);
