using OptOutBot.Adapters.Discord.Tests.Support;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>
/// The real host on a loopback port with the Discord adapter on (a throwaway key pair), a temp SQLite file, and its
/// REST base url pointed at a fake Discord. Sends interactions signed exactly as Discord signs them.
/// </summary>
internal sealed class DiscordTestBot : IAsyncDisposable
{
    public const string ApplicationId = "1234567890123456789";
    public const string GuildId = "1111111111111111111";

    private readonly RunningBot _bot;
    private long _ids = 1_300_000_000_000_000_000;

    private DiscordTestBot(RunningBot bot, FakeDiscord discord, TestSigner signer)
    {
        _bot = bot;
        Discord = discord;
        Signer = signer;
        Http = bot.CreateClient();
    }

    public FakeDiscord Discord { get; }

    public TestSigner Signer { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _bot.Services;

    /// <summary>The host itself, for tests that talk to it on other channels too.</summary>
    public RunningBot Bot => _bot;

    public static async Task<DiscordTestBot> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var discord = await FakeDiscord.StartAsync();
        var signer = TestSigner.Random();
        var settings = new Dictionary<string, string?>
        {
            ["Discord:PublicKey"] = signer.PublicKeyHex,
            ["Discord:ApplicationId"] = ApplicationId,
            ["Discord:BotToken"] = "test-bot-token",
            ["Discord:ApiBaseUrl"] = discord.BaseUrl,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new DiscordTestBot(await RunningBot.StartAsync(settings), discord, signer);
    }

    public string NextId() => Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);

    /// <summary>POSTs <paramref name="body"/> to the interactions endpoint, signed now with the bot's key (or <paramref name="signer"/>).</summary>
    public Task<HttpResponseMessage> PostAsync(string body, TestSigner? signer = null, long? timestamp = null, string? signedBody = null)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", (signer ?? Signer).Sign(ts, signedBody ?? body));
        request.Headers.Add("X-Signature-Timestamp", ts);
        return Http.SendAsync(request);
    }

    /// <summary>Posts and returns the parsed answer, asserting a 200 with a JSON body valid for its callback type.</summary>
    public async Task<JsonObject> InteractAsync(JsonObject interaction)
    {
        using var response = await PostAsync(interaction.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(text)!.AsObject();
        OpenApiSchema.DiscordSpec.AssertValid(text, SchemaFor((int)answer["type"]!));
        if (answer["data"] is JsonObject data && data["allowed_mentions"] is { } mentions)
        {
            Assert.Equal("{\"parse\":[]}", mentions.ToJsonString());
        }

        return answer;
    }

    public static string SchemaFor(int callbackType) => callbackType switch
    {
        1 => "PongInteractionCallbackRequest",
        4 or 5 => "CreateMessageInteractionCallbackRequest",
        6 or 7 => "UpdateMessageInteractionCallbackRequest",
        8 => "ApplicationCommandAutocompleteCallbackRequest",
        _ => throw new InvalidOperationException("unexpected callback type " + callbackType),
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _bot.DisposeAsync();
        await Discord.DisposeAsync();
    }
}

/// <summary>Interactions as Discord sends them: in a server channel (member + guild) or in the bot's DMs (user).</summary>
internal sealed class DiscordUserSession(DiscordTestBot bot, string userId, string channelId, bool inServer, string locale, string permissions = "2248473465835073")
{
    public string UserId => userId;

    public string ChannelId => channelId;

    public JsonObject Ping() => Base(1);

    public JsonObject Command(string name, string? option = null, string? value = null)
    {
        var data = new JsonObject { ["id"] = "3333333333333333333", ["name"] = name, ["type"] = 1 };
        if (option is not null)
        {
            data["options"] = new JsonArray(new JsonObject { ["name"] = option, ["type"] = 3, ["value"] = value });
        }

        var interaction = Base(2);
        interaction["data"] = data;
        return interaction;
    }

    public JsonObject Autocomplete(string command, string option, string typed)
    {
        var interaction = Base(4);
        interaction["data"] = new JsonObject
        {
            ["id"] = "3333333333333333333",
            ["name"] = command,
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = option, ["type"] = 3, ["value"] = typed, ["focused"] = true }),
        };
        return interaction;
    }

    /// <summary>A press on a button of <paramref name="message"/> (the "data" of an earlier answer), as Discord reports it.</summary>
    public JsonObject Press(JsonObject message, string customId, bool ephemeral)
    {
        var interaction = Base(3);
        var copy = JsonNode.Parse(message.ToJsonString())!.AsObject();
        copy["id"] = bot.NextId();
        copy["channel_id"] = channelId;
        copy["flags"] = ephemeral ? 64 : 0;
        copy.Remove("allowed_mentions");
        interaction["message"] = copy;
        interaction["data"] = new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 };
        return interaction;
    }

    public JsonObject Select(JsonObject message, string value, bool ephemeral)
    {
        var interaction = Press(message, "x:select", ephemeral);
        interaction["data"] = new JsonObject { ["custom_id"] = "x:select", ["component_type"] = 3, ["values"] = new JsonArray(value) };
        return interaction;
    }

    private JsonObject Base(int type)
    {
        var user = new JsonObject { ["id"] = userId, ["username"] = "user" + userId[^4..], ["discriminator"] = "0", ["global_name"] = null };
        var interaction = new JsonObject
        {
            ["id"] = bot.NextId(),
            ["application_id"] = DiscordTestBot.ApplicationId,
            ["type"] = type,
            ["token"] = "tok-" + bot.NextId(),
            ["version"] = 1,
        };
        if (type == 1)
        {
            interaction["user"] = user;
            return interaction;
        }

        interaction["channel_id"] = channelId;
        interaction["locale"] = locale;
        if (inServer)
        {
            interaction["guild_id"] = DiscordTestBot.GuildId;
            interaction["guild_locale"] = "en-US";
            interaction["member"] = new JsonObject { ["user"] = user, ["roles"] = new JsonArray(), ["permissions"] = permissions, ["joined_at"] = "2025-05-01T00:00:00.000000+00:00" };
        }
        else
        {
            interaction["user"] = user;
        }

        return interaction;
    }
}

internal static class JsonAnswer
{
    public static string Content(this JsonObject answer) => answer["data"]?["content"]?.GetValue<string>() ?? string.Empty;

    public static int? Flags(this JsonObject answer) => answer["data"]?["flags"]?.GetValue<int>();

    /// <summary>Every button and select option of an answer: (label, custom_id or url, style).</summary>
    public static List<(string Label, string Id, int Style)> Buttons(this JsonObject answer)
    {
        var list = new List<(string, string, int)>();
        foreach (var row in answer["data"]?["components"]?.AsArray() ?? [])
        {
            foreach (var c in row!["components"]!.AsArray())
            {
                if ((int)c!["type"]! == 2)
                {
                    list.Add(((string)c["label"]!, (string?)c["custom_id"] ?? (string)c["url"]!, (int)c["style"]!));
                }
                else if ((int)c["type"]! == 3)
                {
                    list.AddRange(c["options"]!.AsArray().Select(o => ((string)o!["label"]!, "select:" + (string)o["value"]!, 0)));
                }
            }
        }

        return list;
    }

    public static JsonObject Data(this JsonObject answer) => answer["data"]!.AsObject();

    public static string Json(this JsonObject o) => o.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
