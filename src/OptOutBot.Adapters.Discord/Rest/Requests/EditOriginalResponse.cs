using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>Replaces an interaction's first answer (after a deferral), through the interaction webhook.</summary>
internal sealed class EditOriginalResponse(string applicationId, string interactionToken, MessagePayload payload) : DiscordRequest
{
    public override HttpMethod Method => HttpMethod.Patch;

    public override string Path => $"webhooks/{applicationId}/{interactionToken}/messages/@original";

    public override string Route => "PATCH /webhooks/{id}/{token}/messages/@original";

    public override string Resource => applicationId + "/" + interactionToken;

    public override bool Authenticate => false;

    public override byte[] Body() => Json(payload, DiscordJson.Context.MessagePayload);
}
