using System.Text.Json;

namespace OptOutBot.Adapters.Discord.Wire;

/// <summary>An interaction as Discord POSTs it (only the fields the bot reads).</summary>
internal sealed class Interaction
{
    public string Id { get; set; } = string.Empty;

    public string? ApplicationId { get; set; }

    public int Type { get; set; }

    public InteractionData? Data { get; set; }

    public string? GuildId { get; set; }

    public string? ChannelId { get; set; }

    public GuildMember? Member { get; set; }

    public DiscordUser? User { get; set; }

    public string Token { get; set; } = string.Empty;

    public DiscordMessage? Message { get; set; }

    public string? Locale { get; set; }

    public string? GuildLocale { get; set; }

    /// <summary>In servers the person is in <see cref="Member"/>, in DMs in <see cref="User"/>.</summary>
    public string? UserId => Member?.User?.Id ?? User?.Id;
}

internal static class InteractionTypes
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;
}

internal sealed class InteractionData
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public int? Type { get; set; }

    public List<CommandOptionValue>? Options { get; set; }

    public string? CustomId { get; set; }

    public int? ComponentType { get; set; }

    public List<string>? Values { get; set; }
}

internal sealed class CommandOptionValue
{
    public string Name { get; set; } = string.Empty;

    public int Type { get; set; }

    /// <summary>A string, number or boolean depending on <see cref="Type"/>.</summary>
    public JsonElement? Value { get; set; }

    public bool? Focused { get; set; }

    public List<CommandOptionValue>? Options { get; set; }

    /// <summary>The value as text; null when absent or not text (see <see cref="Http.JsonText"/>).</summary>
    public string? ValueAsString() => Value switch
    {
        { ValueKind: JsonValueKind.String } v => Http.JsonText.StringOrNull(v),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };
}

internal sealed class GuildMember
{
    public DiscordUser? User { get; set; }

    /// <summary>The member's permissions in the channel, a bitfield as a decimal string.</summary>
    public string? Permissions { get; set; }
}

internal sealed class DiscordUser
{
    public string Id { get; set; } = string.Empty;
}

/// <summary>A message as found in a component interaction (the message the button is on) and in REST answers.</summary>
internal sealed class DiscordMessage
{
    public string? Id { get; set; }

    public string? ChannelId { get; set; }

    public string? Content { get; set; }

    public int? Flags { get; set; }

    public List<Component>? Components { get; set; }
}

/// <summary>Discord's permission bits the adapter looks at.</summary>
internal static class Permissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageChannels = 1UL << 4;
}
