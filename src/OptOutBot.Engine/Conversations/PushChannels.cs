using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine.Conversations;

/// <summary>
/// The channels on which the bot can send a message on its own (news, dated events): those with a proactive
/// sender in this process (Telegram, Discord, Bot Framework when configured). The web page and the terminal cannot,
/// so the invitation to subscribe is not offered there.
/// </summary>
public sealed class PushChannels
{
    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        ["telegram"] = "Telegram",
        ["discord"] = "Discord",
        ["botframework"] = "Microsoft Teams",
    };

    private readonly HashSet<string> _channels;

    public PushChannels(IEnumerable<string> channels)
    {
        _channels = new HashSet<string>(channels, StringComparer.Ordinal);
        Channels = _channels.Order(StringComparer.Ordinal).ToArray();
    }

    public static PushChannels None { get; } = new([]);

    /// <summary>From the registered senders: a channel can push when it has one.</summary>
    public static PushChannels From(IEnumerable<IChannelSender> senders) => new(senders.Select(s => s.Channel));

    /// <summary>Channel ids, sorted.</summary>
    public IReadOnlyList<string> Channels { get; }

    public bool CanPush(string channel) => _channels.Contains(channel);

    /// <summary>"Discord, Microsoft Teams, Telegram": the channels' names as people know them.</summary>
    public string Names => string.Join(", ", Channels.Select(c => DisplayNames.GetValueOrDefault(c, c)).Order(StringComparer.Ordinal));
}
