using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>A message in a server channel or a DM channel.</summary>
internal sealed class CreateMessage(string channelId, MessagePayload payload) : DiscordRequest
{
    public override HttpMethod Method => HttpMethod.Post;

    public override string Path => $"channels/{channelId}/messages";

    public override string Route => "POST /channels/{channel_id}/messages";

    public override string Resource => channelId;

    public override byte[] Body() => Json(payload, DiscordJson.Context.MessagePayload);
}
