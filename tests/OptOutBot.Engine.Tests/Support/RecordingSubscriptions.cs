using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Tests.Support;

/// <summary>The broadcasts module's side of /subscribe, recording what the engine asked for.</summary>
internal sealed class RecordingSubscriptions : ISubscriptionPort
{
    public List<SubscriptionRequest> Requests { get; } = [];

    public ValueTask<SubscriptionChange> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return ValueTask.FromResult(SubscriptionChange.Subscribed);
    }

    public ValueTask<SubscriptionChange> UnsubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return ValueTask.FromResult(SubscriptionChange.Unsubscribed);
    }
}
