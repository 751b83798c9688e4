using OptOutBot.Engine.Ports;

namespace OptOutBot.Testing;

/// <summary>
/// Stands in for the broadcast lane's pacer in a sender's own tests: lets every call go at once and notes, each time
/// the sender asks, how many platform calls had been made by then, so a test sees which calls were paced.
/// </summary>
public sealed class RecordingPacer(Func<int> callsSoFar) : ISendPacer
{
    private readonly List<int> _callsBeforeEachWait = [];

    public IReadOnlyList<int> CallsBeforeEachWait => _callsBeforeEachWait;

    public ValueTask WaitForNextCallAsync(CancellationToken cancellationToken)
    {
        _callsBeforeEachWait.Add(callsSoFar());
        return ValueTask.CompletedTask;
    }
}
