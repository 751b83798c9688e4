using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OptOutBot.Adapters.Telegram.Tests.Support;

/// <summary>An in-memory Bot API: answers per method from queued responses (default ok:true), records every call's method and JSON body.</summary>
internal sealed class FakeBotApiHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<(HttpStatusCode Status, string Body)>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public List<(string Method, JsonObject Body)> Calls { get; } = [];

    /// <summary>Each call's body exactly as it was sent.</summary>
    public List<string> RawBodies { get; } = [];

    /// <summary>Methods that never answer: the call waits until the caller gives up (its timeout or cancellation).</summary>
    public HashSet<string> Silent { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> DefaultResults { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["getMe"] = """{"id":123,"is_bot":true,"first_name":"Bot","username":"OptOutTestBot"}""",
        ["sendMessage"] = """{"message_id":77,"date":1,"chat":{"id":1,"type":"private"}}""",
        ["getUpdates"] = "[]",
        ["getChatMember"] = """{"status":"member","user":{"id":5,"is_bot":false}}""",
    };

    public void Enqueue(string method, HttpStatusCode status, string body)
    {
        if (!_answers.TryGetValue(method, out var queue))
        {
            _answers[method] = queue = new();
        }

        queue.Enqueue((status, body));
    }

    public IEnumerable<JsonObject> BodiesOf(string method) => Calls.Where(c => c.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Select(c => c.Body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.Segments[^1];
        var json = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Calls)
        {
            Calls.Add((method, JsonNode.Parse(json)!.AsObject()));
            RawBodies.Add(json);
        }

        if (Silent.Contains(method))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var (status, body) = _answers.TryGetValue(method, out var queue) && queue.Count > 0
            ? queue.Dequeue()
            : (HttpStatusCode.OK, """{"ok":true,"result":""" + DefaultResults.GetValueOrDefault(method, "true") + "}");
        // As a real handler does: the shared set-up reads the retry-after it recorded through the response's request.
        return new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
