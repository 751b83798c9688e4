using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OptOutBot.Adapters.BotFramework.Auth;
using OptOutBot.Adapters.BotFramework.Connector;
using OptOutBot.Adapters.Http;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.BotFramework;

/// <summary>Registers the Bot Framework adapter from configuration and maps its endpoint. Off when not configured.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    internal const string HttpClientName = "botframework";

    public static IServiceCollection AddBotFrameworkAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(BotFrameworkOptions.SectionName);
        var settings = new BotFrameworkOptions();
        section.Bind(settings);

        services.AddOptions<BotFrameworkOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());
        if (!settings.Enabled)
        {
            services.AddSingleton(new AdapterStatus(
                BotFrameworkEndpoint.ChannelName,
                false,
                "set BotFramework:MicrosoftAppId and BotFramework:MicrosoftAppPassword (or BotFramework:AllowUnauthenticatedLocal=true for the Bot Framework Emulator on this machine)"));
            return services;
        }

        var mode = settings.HasAppId
            ? $"{(settings.IsSingleTenant ? "single-tenant" : "multi-tenant")} app, POST {BotFrameworkEndpoint.Route}{(settings.AllowUnauthenticatedLocal ? ", unauthenticated loopback requests also accepted" : string.Empty)}"
            : $"local mode without credentials (loopback only), POST {BotFrameworkEndpoint.Route}";
        services.AddSingleton(new AdapterStatus(BotFrameworkEndpoint.ChannelName, true, mode));

        services.TryAddSingleton(TimeProvider.System);
        services.AddBotFrameworkHttp();
        services.AddSingleton<ActivityAuthenticator>();
        services.AddSingleton<ConnectorTokenProvider>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<ConversationReferenceCodec>();
        services.AddSingleton<BotFrameworkEndpoint>();
        services.AddSingleton<BotFrameworkSender>();
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<BotFrameworkSender>());
        if (settings.AllowUnauthenticatedLocal)
        {
            services.AddHostedService<LocalModeGuard>();
        }

        return services;
    }

    /// <summary>
    /// The adapter's one HttpClient (signing keys, tokens, Connector calls): the shared platform set-up, with
    /// BotFramework:RequestTimeout per attempt and BotFramework:MaxRetries for interactive calls.
    /// </summary>
    internal static IHttpClientBuilder AddBotFrameworkHttp(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddPlatformHttpClient(HttpClientName, static sp => sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.Http);
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
        if (options.Enabled)
        {
            endpoints.MapPost(BotFrameworkEndpoint.Route, static context => context.RequestServices.GetRequiredService<BotFrameworkEndpoint>().HandleAsync(context));
        }

        return endpoints;
    }
}
