using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OptOutBot.EndToEnd.Tests.Infrastructure;

namespace OptOutBot.EndToEnd.Tests.Telegram;

/// <summary>The real host (engine, content, SQLite) in webhook mode: forgeries leave no trace in the database, answers come inline, redeliveries once.</summary>
public sealed class TelegramRealHostWebhookTests : TelegramWebhookHostTests
{
    private Task<HttpResponseMessage> PostAsync(long updateId, string? secret)
    {
        var body = $$$"""{"update_id":{{{updateId}}},"message":{"message_id":1,"date":1748300000,"chat":{"id":1001,"type":"private","first_name":"A"},"from":{"id":1001,"is_bot":false,"first_name":"A","language_code":"fr"},"text":"comment m'opposer sur insta ?"}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "telegram/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return Http.SendAsync(request);
    }

    private long StoredUpdates()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Bot.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM update_log";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task ForgedThenAuthentic_OnlyTheAuthenticIsStoredAndAnsweredOnce()
    {
        using (var forged = await PostAsync(1, "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        Assert.Equal(0, StoredUpdates());

        using var first = await PostAsync(2, "s3cret");
        using var again = await PostAsync(2, "s3cret");

        var call = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("sendMessage", 1001L, "HTML"), ((string?)call["method"], (long)call["chat_id"]!, (string?)call["parse_mode"]));
        Assert.Contains("Instagram", (string?)call["text"]);
        Assert.Contains(call["reply_markup"]!["inline_keyboard"]!.AsArray().SelectMany(r => r!.AsArray()), b => ((string?)b!["callback_data"])!.StartsWith("s:instagram/privacy-center", StringComparison.Ordinal));
        // A redelivery means Telegram did not get the inline answer: the stored answer is sent again, the turn is not rerun.
        var repeated = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(call.ToJsonString(), repeated.ToJsonString());
        Assert.Equal(1, StoredUpdates());
    }
}
