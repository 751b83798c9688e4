namespace OptOutBot.Adapters.Discord.Wire;

/// <summary>A slash command as registered with a bulk overwrite (PUT …/commands).</summary>
internal sealed class ApplicationCommand
{
    public string Name { get; set; } = string.Empty;

    public Dictionary<string, string>? NameLocalizations { get; set; }

    public string Description { get; set; } = string.Empty;

    public Dictionary<string, string>? DescriptionLocalizations { get; set; }

    public int Type { get; set; } = 1;

    public List<ApplicationCommandOption>? Options { get; set; }

    /// <summary>Usable in servers (0), in the bot's DMs (1) and in group DMs (2).</summary>
    public List<int>? Contexts { get; set; }
}

internal sealed class ApplicationCommandOption
{
    public int Type { get; set; } = 3;

    public string Name { get; set; } = string.Empty;

    public Dictionary<string, string>? NameLocalizations { get; set; }

    public string Description { get; set; } = string.Empty;

    public Dictionary<string, string>? DescriptionLocalizations { get; set; }

    public bool? Required { get; set; }

    public bool? Autocomplete { get; set; }

    public List<CommandChoice>? Choices { get; set; }
}

/// <summary>Discord's error body: a JSON error code and message; on 429 also retry_after and global.</summary>
internal sealed class DiscordError
{
    public int? Code { get; set; }

    public string? Message { get; set; }

    public double? RetryAfter { get; set; }

    public bool? Global { get; set; }
}

internal sealed class CreateDmRequest
{
    public string RecipientId { get; set; } = string.Empty;
}

internal sealed class DiscordChannel
{
    public string Id { get; set; } = string.Empty;
}
