using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>
/// One Discord REST call: its method and path, the rate-limit route it counts against (the path template) and the
/// top-level resource that keeps its bucket apart (channel, guild, webhook), and its JSON body.
/// </summary>
internal abstract class DiscordRequest
{
    public abstract HttpMethod Method { get; }

    /// <summary>The path below the API base, e.g. <c>channels/42/messages</c>.</summary>
    public abstract string Path { get; }

    /// <summary>The route as Discord's docs name it, e.g. <c>POST /channels/{channel_id}/messages</c>.</summary>
    public abstract string Route { get; }

    /// <summary>The major parameter: calls to the same route for another channel or webhook have their own bucket.</summary>
    public abstract string Resource { get; }

    /// <summary>Webhook calls (interaction follow-ups) are authorised by their token in the path, not the bot token.</summary>
    public virtual bool Authenticate => true;

    /// <summary>A proactive send: one attempt; the broadcast lane owns retries and pacing.</summary>
    public bool Proactive { get; init; }

    public abstract byte[]? Body();

    protected static byte[] Json<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}

/// <summary>A call whose answer the caller reads.</summary>
internal abstract class DiscordRequest<TResult> : DiscordRequest
    where TResult : class
{
    public abstract JsonTypeInfo<TResult> ResultType { get; }
}
