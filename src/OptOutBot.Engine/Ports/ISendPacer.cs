namespace OptOutBot.Engine.Ports;

/// <summary>
/// The broadcast lane's limiters, handed to a sender for the platform calls of one send after its first. A sender may
/// split a reply into more parts than the lane can know (its renderer cuts at the platform's length limit), so the lane
/// cannot book them up front: the sender asks before each call instead, and every call is paced by the one set of
/// numbers in <c>Broadcasts:Limits</c>, whatever the adapter. Calls of one send are made one after another, never at once.
/// </summary>
public interface ISendPacer
{
    /// <summary>
    /// Waits until the platform may take one more call of this send (the overall ceiling, the chat's and the group's
    /// limits, a global pause) and books it. Await it right before every call after the first one this send makes;
    /// the lane has already paced that one. Cancelled with the send's token.
    /// </summary>
    ValueTask WaitForNextCallAsync(CancellationToken cancellationToken);
}

/// <summary>Pacers for callers that have no lane behind them.</summary>
public static class SendPacer
{
    /// <summary>Lets every call go at once: for a send outside the broadcast lane (a test, a one-off), which has no limiter to wait for.</summary>
    public static ISendPacer None { get; } = new Unpaced();

    private sealed class Unpaced : ISendPacer
    {
        public ValueTask WaitForNextCallAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
