using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Diagnostics;

namespace OptOutBot.Observability;

/// <summary>Health (<c>/healthz</c>, <c>/readyz</c>) and metrics (OpenTelemetry: Prometheus, OTLP) in one place.</summary>
internal static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Call after the engine and storage are registered: the turn and dedupe instruments wrap them.</summary>
    public static IServiceCollection AddOptOutBotObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        var options = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();

        services.AddSingleton<BotInstruments>();
        services.AddSingleton<AdapterErrors>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<AdapterErrors>());
        services.AddHostedService<OutboxSampler>();
        Decorate<IConversationEngine>(services, (inner, sp) => new MeteredConversationEngine(inner, sp.GetRequiredService<BotInstruments>(), sp.GetRequiredService<TimeProvider>()));
        Decorate<Engine.Ports.IUpdateLog>(services, (inner, sp) => new MeteredUpdateLog(inner, sp.GetRequiredService<BotInstruments>()));

        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<ContentHealthCheck>("content", tags: ["ready"])
            .AddCheck<AdaptersHealthCheck>("adapters", tags: ["ready"]);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("optoutbot"))
            .WithMetrics(metrics =>
            {
                // Ours, plus the runtime's HttpClient meter: every platform call by host and status code.
                metrics.AddMeter(BotMeter.Name, "System.Net.Http");
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint.Length > 0)
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        return services;
    }

    public static WebApplication MapOptOutBotObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        app.UseMetricsGuard(options);

        // Live: the process serves requests. Ready: storage, content and adapters (503 when one is unhealthy).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthReportWriter.WriteAsync });
        if (options.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        }

        return app;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, IServiceProvider, T> wrap)
        where T : class
    {
        if (services.LastOrDefault(s => s.ServiceType == typeof(T)) is not { } inner)
        {
            return;
        }

        services.Remove(inner);
        services.AddSingleton(sp => wrap(
            (T)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
            sp));
    }

    private sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
            options.Errors().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
