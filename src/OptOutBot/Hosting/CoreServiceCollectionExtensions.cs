namespace OptOutBot.Hosting;

/// <summary>Engine, storage and host-wide services.</summary>
internal static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddOptOutBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        return endpoints;
    }
}
