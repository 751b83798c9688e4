using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OptOutBot.Testing.Tools;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>
/// The npm telegram-test-api emulator as a child process on a free loopback port (installed by setup.sh), plus its
/// client-side API: what a Telegram user does (send text, commands, press buttons) and what the bot sent back.
/// </summary>
internal sealed class TelegramEmulator : IAsyncDisposable
{
    public const string Token = "123:TEST";

    private static readonly string Folder = TestTools.TelegramEmulatorFolder;

    private readonly Process _node;
    private readonly HttpClient _http;

    private TelegramEmulator(Process node, Uri baseAddress)
    {
        _node = node;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public static async Task<TelegramEmulator> StartAsync()
    {
        if (TestTools.MissingReason(TestTool.TelegramEmulator) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var port = FreePort();
        var node = Process.Start(new ProcessStartInfo("node", ["start.js", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        node.ErrorDataReceived += (_, _) => { };
        node.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await node.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the emulator exited before it was ready");
            if (line.StartsWith("ready", StringComparison.Ordinal))
            {
                break;
            }
        }

        return new TelegramEmulator(node, new Uri($"http://127.0.0.1:{port}"));
    }

    public Task SendMessageAsync(JsonObject from, JsonObject chat, string text) =>
        PostAsync("/sendMessage", new JsonObject { ["botToken"] = Token, ["from"] = from, ["chat"] = chat, ["date"] = Now(), ["text"] = text });

    public Task SendCommandAsync(JsonObject from, JsonObject chat, string text)
    {
        var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? space : text.Length;
        return PostAsync("/sendCommand", new JsonObject
        {
            ["botToken"] = Token, ["from"] = from, ["chat"] = chat, ["date"] = Now(), ["text"] = text,
            ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = length, ["type"] = "bot_command" }),
        });
    }

    /// <summary>Presses a button of a bot message: the callback carries that message's id and chat, as Telegram's does.</summary>
    public Task SendCallbackAsync(JsonObject from, JsonObject chat, long messageId, string data) =>
        PostAsync("/sendCallback", new JsonObject
        {
            ["botToken"] = Token, ["from"] = from, ["date"] = Now(), ["data"] = data,
            ["message"] = new JsonObject { ["message_id"] = messageId, ["chat"] = chat, ["from"] = new JsonObject { ["id"] = 666, ["is_bot"] = true, ["first_name"] = "Bot" } },
        });

    /// <summary>Every item the bot sent (with edits applied in place), oldest first.</summary>
    public async Task<List<BotMessage>> BotMessagesAsync(long chatId)
    {
        var history = await PostAsync("/getUpdatesHistory", new JsonObject { ["token"] = Token });
        return history["result"]!.AsArray()
            .Select(item => item!.AsObject())
            .Where(item => item["message"]?["chat_id"] is { } chat && chat.ToString() == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture) && item["message"]?["text"] is not null && item["message"]?["from"] is null)
            .Select(item => new BotMessage((long)item["messageId"]!, item["message"]!.AsObject()))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_node.HasExited)
        {
            _node.Kill();
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }

    private async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A message the bot sent, as the emulator stored it: the exact sendMessage parameters (edits applied).</summary>
internal sealed record BotMessage(long MessageId, JsonObject Sent)
{
    public string Text => (string)Sent["text"]!;

    public string? ParseMode => (string?)Sent["parse_mode"];

    /// <summary>Inline buttons, row by row flattened: (label, callback_data or null, url or null).</summary>
    public IReadOnlyList<(string Label, string? Data, string? Url)> Buttons =>
        Sent["reply_markup"]?["inline_keyboard"]?.AsArray()
            .SelectMany(row => row!.AsArray())
            .Select(b => ((string)b!["text"]!, (string?)b["callback_data"], (string?)b["url"]))
            .ToList() ?? [];

    public string Snapshot => Sent.ToJsonString();
}
