using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>One more message after an interaction's answer (the parts of a long answer), through the interaction webhook.</summary>
internal sealed class CreateFollowUpMessage(string applicationId, string interactionToken, MessagePayload payload) : DiscordRequest
{
    public override HttpMethod Method => HttpMethod.Post;

    public override string Path => $"webhooks/{applicationId}/{interactionToken}";

    public override string Route => "POST /webhooks/{id}/{token}";

    public override string Resource => applicationId + "/" + interactionToken;

    public override bool Authenticate => false;

    public override byte[] Body() => Json(payload, DiscordJson.Context.MessagePayload);
}
