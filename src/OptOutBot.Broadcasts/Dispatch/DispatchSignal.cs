namespace OptOutBot.Broadcasts.Dispatch;

/// <summary>Wakes idle dispatcher lanes in this process when a broadcast was just planned, instead of waiting for the next poll.</summary>
public sealed class DispatchSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes on the next <see cref="Notify"/> or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var notified = Volatile.Read(ref _next).Task;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, cts.Token);
        await Task.WhenAny(notified, delay);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
