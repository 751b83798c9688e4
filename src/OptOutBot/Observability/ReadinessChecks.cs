using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OptOutBot.Engine.Ports;
using OptOutBot.Storage;

namespace OptOutBot.Observability;

/// <summary>Ready only when the store answers a fresh connection.</summary>
internal sealed class StorageHealthCheck(StorageProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = await probe.ProbeAsync(cancellationToken).ConfigureAwait(false);
        return problem is null ? HealthCheckResult.Healthy(probe.Provider) : HealthCheckResult.Unhealthy($"{probe.Provider}: {problem}");
    }
}

/// <summary>Ready only with content to answer from (the host refuses to start on invalid content; this says what is loaded).</summary>
internal sealed class ContentHealthCheck(IContentCatalog content) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var topics = content.Locales.Count == 0 ? 0 : content.Topics(content.DefaultLocale).Count;
        return Task.FromResult(topics > 0
            ? HealthCheckResult.Healthy($"{content.Locales.Count} language(s), {topics} topics")
            : HealthCheckResult.Unhealthy("no content loaded"));
    }
}

/// <summary>Each adapter that is on, with its last logged error; degraded (still ready) while an error is recent.</summary>
internal sealed class AdaptersHealthCheck(IEnumerable<AdapterStatus> adapters, AdapterErrors errors, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var recent = new List<string>();
        foreach (var adapter in adapters)
        {
            if (!adapter.Enabled)
            {
                data[adapter.Channel] = "off";
                continue;
            }

            var last = errors.Last(adapter.Channel);
            data[adapter.Channel] = last is null ? "on, no error" : $"on, last error {last.Event} at {last.At:yyyy-MM-ddTHH:mm:ssZ}";
            if (last is not null && time.GetUtcNow() - last.At < Recent)
            {
                recent.Add(adapter.Channel);
            }
        }

        return Task.FromResult(recent.Count == 0
            ? HealthCheckResult.Healthy("adapters", data)
            : HealthCheckResult.Degraded("recent errors: " + string.Join(", ", recent), data: data));
    }
}

/// <summary>The /readyz body: overall status, then each check's status, description and data (counts and event names only).</summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            foreach (var (key, value) in entry.Data)
            {
                json.WriteString(key, value.ToString());
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
