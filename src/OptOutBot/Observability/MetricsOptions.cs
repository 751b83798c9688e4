namespace OptOutBot.Observability;

/// <summary>Section "Metrics": where the OpenTelemetry metrics go, and who may read the metrics endpoints.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve the Prometheus scrape endpoint at <see cref="PrometheusPath"/>.</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// When set, <c>/metrics/*</c> needs <c>Authorization: Bearer &lt;token&gt;</c>; when empty, only this machine (a
    /// loopback peer, not relayed by a proxy) may read them.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>An OTLP collector (e.g. http://otel-collector:4317); empty = no OTLP export.</summary>
    public string OtlpEndpoint { get; set; } = string.Empty;

    internal IEnumerable<string> Errors()
    {
        if (!PrometheusPath.StartsWith("/metrics", StringComparison.Ordinal))
        {
            yield return $"Metrics:PrometheusPath must start with /metrics, so the metrics protection covers it (got '{PrometheusPath}').";
        }

        if (OtlpEndpoint.Length > 0 && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
        {
            yield return $"Metrics:OtlpEndpoint must be an absolute http(s) url, e.g. http://otel-collector:4317 (got '{OtlpEndpoint}').";
        }

        if (Token.Length is > 0 and < 16)
        {
            yield return "Metrics:Token must be at least 16 characters (or empty: loopback only).";
        }
    }
}
