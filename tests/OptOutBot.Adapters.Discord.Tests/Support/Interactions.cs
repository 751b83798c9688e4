namespace OptOutBot.Adapters.Discord.Tests.Support;

/// <summary>Interaction bodies as Discord sends them (trimmed to what matters), as raw JSON.</summary>
internal static class Interactions
{
    public const string GuildId = "1111111111111111111";
    public const string ChannelId = "2222222222222222222";
    public const string UserId = "1300000004194304000";

    public static string Ping => """{"id":"1","application_id":"1234567890123456789","type":1,"token":"tok","version":1}""";

    public static string Command(string name, string? option = null, string? value = null, bool inGuild = true, string locale = "fr", string permissions = "2248473465835073") =>
        Wrap(2, $$"""{"id":"3333333333333333333","name":"{{name}}","type":1{{(option is null ? "" : $$""","options":[{"name":"{{option}}","type":3,"value":{{System.Text.Json.JsonSerializer.Serialize(value)}}}]""")}}}""", inGuild, locale, permissions);

    public static string Autocomplete(string typed, string locale = "fr") =>
        Wrap(4, $$"""{"id":"3333333333333333333","name":"ask","type":1,"options":[{"name":"question","type":3,"value":{{System.Text.Json.JsonSerializer.Serialize(typed)}},"focused":true}]}""", true, locale, "0");

    public static string Button(string customId, bool inGuild = true, bool ephemeralMessage = true, string? messageJson = null) =>
        Wrap(3, $$"""{"custom_id":"{{customId}}","component_type":2}""", inGuild, "fr", "0",
            messageJson ?? $$"""{"id":"555","channel_id":"{{ChannelId}}","content":"Réponse","flags":{{(ephemeralMessage ? 64 : 0)}},"components":[]}""");

    public static string Select(string value) =>
        Wrap(3, $$"""{"custom_id":"x:select","component_type":3,"values":["{{value}}"]}""", true, "fr", "0",
            $$"""{"id":"555","channel_id":"{{ChannelId}}","content":"Réponse","flags":64,"components":[]}""");

    private static string Wrap(int type, string data, bool inGuild, string locale, string permissions, string? message = null)
    {
        var who = inGuild
            ? "\"guild_id\":\"" + GuildId + "\",\"member\":{\"user\":{\"id\":\"" + UserId + "\",\"username\":\"ana\"},\"roles\":[],\"permissions\":\"" + permissions + "\"},\"guild_locale\":\"en-US\","
            : "\"user\":{\"id\":\"" + UserId + "\",\"username\":\"ana\"},";
        var msg = message is null ? string.Empty : "\"message\":" + message + ",";
        return "{\"id\":\"9000\",\"application_id\":\"1234567890123456789\",\"type\":" + type + ",\"token\":\"tok-abc\"," + who
            + "\"channel_id\":\"" + ChannelId + "\"," + msg + "\"locale\":\"" + locale + "\",\"version\":1,\"data\":" + data + "}";
    }
}
