using OptOutBot.Adapters.Discord.Wire;

namespace OptOutBot.Adapters.Discord.Rest.Requests;

/// <summary>Replaces the application's slash commands, globally or in one server (<paramref name="guildId"/>).</summary>
internal sealed class BulkOverwriteCommands(string applicationId, string? guildId, List<ApplicationCommand> commands) : DiscordRequest
{
    public override HttpMethod Method => HttpMethod.Put;

    public override string Path => guildId is null ? $"applications/{applicationId}/commands" : $"applications/{applicationId}/guilds/{guildId}/commands";

    public override string Route => guildId is null ? "PUT /applications/{id}/commands" : "PUT /applications/{id}/guilds/{guild_id}/commands";

    public override string Resource => guildId ?? applicationId;

    public override byte[] Body() => Json(commands, DiscordJson.Context.ListApplicationCommand);
}
