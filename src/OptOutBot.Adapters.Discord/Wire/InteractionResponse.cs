namespace OptOutBot.Adapters.Discord.Wire;

/// <summary>The synchronous answer to an interaction (an "interaction callback").</summary>
internal sealed class InteractionResponse
{
    public int Type { get; set; }

    public object? Data { get; set; }
}

internal static class CallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int AutocompleteResult = 8;
}

/// <summary>A message to post: interaction answers, follow-ups, channel messages.</summary>
internal sealed class MessagePayload
{
    public string? Content { get; set; }

    public int? Flags { get; set; }

    public List<Component>? Components { get; set; }

    /// <summary>Always "parse nothing": the bot must never ping @everyone, roles or users, whatever the text says.</summary>
    public AllowedMentions AllowedMentions { get; set; } = AllowedMentions.None;

    public MessagePayload With(int? flags) => new() { Content = Content, Flags = flags, Components = Components };
}

internal sealed class AllowedMentions
{
    public static readonly AllowedMentions None = new();

    public List<string> Parse { get; set; } = [];
}

internal static class MessageFlags
{
    public const int Ephemeral = 64;
}

internal sealed class AutocompletePayload
{
    public List<CommandChoice> Choices { get; set; } = [];
}

internal sealed class CommandChoice
{
    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;

    public Dictionary<string, string>? NameLocalizations { get; set; }
}

/// <summary>A message component: an action row (type 1), a button (2) or a string select (3).</summary>
internal sealed class Component
{
    public int Type { get; set; }

    public List<Component>? Components { get; set; }

    public int? Style { get; set; }

    public string? Label { get; set; }

    public string? CustomId { get; set; }

    public string? Url { get; set; }

    public string? Placeholder { get; set; }

    public List<SelectOption>? Options { get; set; }

    public static Component Row(List<Component> components) => new() { Type = ComponentTypes.ActionRow, Components = components };
}

internal sealed class SelectOption
{
    public string Label { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

internal static class ComponentTypes
{
    public const int ActionRow = 1;
    public const int Button = 2;
    public const int StringSelect = 3;
}

internal static class ButtonStyles
{
    public const int Primary = 1;
    public const int Secondary = 2;
    public const int Link = 5;
}
