using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Replies;
using Xunit;

namespace OptOutBot.Testing.Transcripts;

/// <summary>
/// Turns a transcript turn into an <see cref="InboundMessage"/> input, keeping the last reply's choices so that
/// "press: label" finds its action id. Adapters reuse <see cref="ToInput"/> and <see cref="Remember"/>.
/// </summary>
public sealed class TranscriptRunner(Transcript transcript)
{
    private IReadOnlyList<Choice> _choices = [];

    public Transcript Transcript { get; } = transcript;

    /// <summary>The input for a turn: text, command (slash stripped, name + argument) or the action id of the pressed label.</summary>
    public MessageInput ToInput(TranscriptTurn turn)
    {
        if (turn.User is not null)
        {
            return new TextInput(turn.User);
        }

        if (turn.Command is not null)
        {
            var text = turn.Command.TrimStart('/');
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? new CommandInput(text.ToLowerInvariant()) : new CommandInput(text[..space].ToLowerInvariant(), text[(space + 1)..].Trim());
        }

        var choice = _choices.FirstOrDefault(c => c.Label == turn.Press)
            ?? throw new Xunit.Sdk.XunitException($"{Transcript}, {turn}: no choice '{turn.Press}' in the previous reply [{string.Join(" | ", _choices.Select(c => c.Label))}]");
        return new ActionInput(choice.ActionId);
    }

    /// <summary>The choice a "press" turn means, for adapters that must find the platform button by label.</summary>
    public Choice? PressedChoice(TranscriptTurn turn) => turn.Press is null ? null : _choices.FirstOrDefault(c => c.Label == turn.Press);

    public void Remember(Reply reply) => _choices = reply.Messages.SelectMany(m => m.Choices).ToList();

    /// <summary>Replays the whole transcript through an engine, checking every expectation.</summary>
    public static async Task ReplayAsync(Transcript transcript, IConversationEngine engine, string channel = "test", string conversation = "transcript")
    {
        var runner = new TranscriptRunner(transcript);
        foreach (var turn in transcript.Turns)
        {
            var message = new InboundMessage(channel, conversation, conversation, runner.ToInput(turn), transcript.Locale);
            var result = await engine.HandleAsync(message);
            TranscriptAssert.Matches(transcript, turn, result);

            // Renderers add their own labels in the reply's language: it must be the language the turn answered in.
            Xunit.Assert.Equal(result.Locale, result.Reply.Locale);
            runner.Remember(result.Reply);
        }
    }
}
