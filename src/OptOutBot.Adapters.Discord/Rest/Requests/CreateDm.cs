using System.Text.Json.Serialization.Metadata;
using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>Opens (or finds) the DM channel with a person; the answer names its id.</summary>
internal sealed class CreateDm(string userId) : DiscordRequest<DiscordChannel>
{
    public override HttpMethod Method => HttpMethod.Post;

    public override string Path => "users/@me/channels";

    public override string Route => "POST /users/@me/channels";

    public override string Resource => string.Empty;

    public override JsonTypeInfo<DiscordChannel> ResultType => DiscordJson.Context.DiscordChannel;

    public override byte[] Body() => Json(new CreateDmRequest { RecipientId = userId }, DiscordJson.Context.CreateDmRequest);
}
