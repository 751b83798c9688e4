using System.Text.Json;
using System.Text.Json.Serialization;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Broadcasts.Outbox;

/// <summary>What a broadcast says, per language; stored with the broadcast so a recipient's row stays small.</summary>
public sealed record BroadcastContent(string DefaultLocale, IReadOnlyDictionary<string, BroadcastMessage> Messages)
{
    public Reply ToReply(string locale)
    {
        var (written, message) = Messages.TryGetValue(locale, out var m) ? (locale, m)
            : Messages.TryGetValue(DefaultLocale, out var d) ? (DefaultLocale, d)
            : (Messages.First().Key, Messages.First().Value);
        return Reply.Single(new ReplyMessage(message.Text) { Links = message.Links.Select(l => new LinkButton(l.Label, l.Url)).ToArray() }, written);
    }

    public string ToJson() => JsonSerializer.Serialize(this, BroadcastsJsonContext.Default.BroadcastContent);

    public static BroadcastContent FromJson(string json) =>
        JsonSerializer.Deserialize(json, BroadcastsJsonContext.Default.BroadcastContent) ?? throw new InvalidDataException("empty broadcast content");
}

public sealed record BroadcastMessage(string Text, IReadOnlyList<BroadcastLink> Links);

public sealed record BroadcastLink(string Label, string Url);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BroadcastContent))]
internal sealed partial class BroadcastsJsonContext : JsonSerializerContext;
