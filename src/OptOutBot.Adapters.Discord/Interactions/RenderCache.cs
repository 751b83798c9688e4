using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OptOutBot.Adapters.Discord.Wire;
using OptOutBot.Engine.Replies;

namespace OptOutBot.Adapters.Discord.Interactions;

/// <summary>
/// Rendered replies, looked up by value: the engine answers from prebuilt content, so the same text and buttons come
/// back again and again, and each is rendered and serialised once. Bounded: cleared when it grows too large (replies
/// that quote what someone typed are all different).
/// </summary>
internal static class RenderCache
{
    private const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<Key, RenderedReply> Entries = new();

    /// <summary>Drops every entry: called when the content is reloaded, so replies of the old content are not kept alive.</summary>
    public static void Clear() => Entries.Clear();

    /// <summary>The payloads (shared: callers must not change them) and the ready-made JSON of a type-4 answer with the first one.</summary>
    public static RenderedReply Get(Reply reply, DiscordLabels labels, bool ephemeral, bool offerShare)
    {
        var key = new Key(reply, labels, ephemeral, offerShare);
        if (Entries.TryGetValue(key, out var hit))
        {
            return hit;
        }

        if (Entries.Count >= MaxEntries)
        {
            Entries.Clear();
        }

        var payloads = DiscordRenderer.Render(reply, labels, ephemeral, offerShare);
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new InteractionResponse { Type = CallbackTypes.ChannelMessage, Data = payloads[0] }, DiscordJson.Context.InteractionResponse);
        var rendered = new RenderedReply(payloads, json);
        Entries.TryAdd(key, rendered);
        return rendered;
    }

    private readonly struct Key : IEquatable<Key>
    {
        private readonly Reply _reply;
        private readonly DiscordLabels _labels;
        private readonly bool _ephemeral;
        private readonly bool _share;
        private readonly int _hash;

        public Key(Reply reply, DiscordLabels labels, bool ephemeral, bool share)
        {
            _reply = reply;
            _labels = labels;
            _ephemeral = ephemeral;
            _share = share;
            var hash = new HashCode();
            hash.Add(RuntimeHelpers.GetHashCode(labels));
            hash.Add(ephemeral);
            hash.Add(share);
            foreach (var message in reply.Messages)
            {
                hash.Add(message.Text, StringComparer.Ordinal);
                hash.Add(message.Choices.Count);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(Key other)
        {
            if (_hash != other._hash || _ephemeral != other._ephemeral || _share != other._share || !ReferenceEquals(_labels, other._labels))
            {
                return false;
            }

            if (ReferenceEquals(_reply, other._reply))
            {
                return true;
            }

            var a = _reply.Messages;
            var b = other._reply.Messages;
            if (a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (!string.Equals(a[i].Text, b[i].Text, StringComparison.Ordinal)
                    || !a[i].Choices.SequenceEqual(b[i].Choices)
                    || !a[i].Links.SequenceEqual(b[i].Links)
                    || !a[i].Sources.SequenceEqual(b[i].Sources))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}

internal sealed record RenderedReply(IReadOnlyList<MessagePayload> Payloads, byte[] ChannelMessageJson);
