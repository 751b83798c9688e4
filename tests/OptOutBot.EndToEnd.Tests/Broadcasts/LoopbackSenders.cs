using System.Globalization;
using System.Text.Json;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Engine.Replies;

namespace OptOutBot.EndToEnd.Tests.Broadcasts;

/// <summary>
/// Minimal senders that speak to <see cref="FakePlatformServer"/> and map each platform's failures the way the real
/// adapters do: Telegram's retry_after parameter and 403 "bot was blocked", Discord's JSON retry_after + global flag,
/// Bot Framework's Retry-After header and 403/404 for a lost conversation.
/// </summary>
internal sealed class LoopbackSender(string channel, HttpClient http) : IChannelSender
{
    public string Channel => channel;

    public async ValueTask<SendResult> SendAsync(ChannelAddress address, Reply reply, int firstPart, ISendPacer pacer, CancellationToken cancellationToken)
    {
        using var content = new StringContent(reply.Messages[0].Text);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"/{channel}/{Uri.EscapeDataString(address.Value)}", content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new SendResult.Failed(e.Message, Transient: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendResult.Delivered;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return status switch
            {
                429 => RetryAfter(response, body),
                403 or 404 => new SendResult.RecipientGone(status == 403 ? "forbidden" : "not found"),
                >= 500 => new SendResult.Failed(status.ToString(CultureInfo.InvariantCulture), Transient: true),
                _ => new SendResult.Failed(status.ToString(CultureInfo.InvariantCulture), Transient: false),
            };
        }
    }

    private SendResult RetryAfter(HttpResponseMessage response, string body)
    {
        if (response.Headers.RetryAfter?.Delta is { } header)
        {
            return new SendResult.RetryAfter(header);
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (channel == "telegram")
        {
            return new SendResult.RetryAfter(TimeSpan.FromSeconds(root.GetProperty("parameters").GetProperty("retry_after").GetDouble()));
        }

        return new SendResult.RetryAfter(
            TimeSpan.FromSeconds(root.GetProperty("retry_after").GetDouble()),
            Global: root.TryGetProperty("global", out var global) && global.GetBoolean());
    }
}
