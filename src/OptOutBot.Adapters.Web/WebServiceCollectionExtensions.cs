using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Adapters.Web;

/// <summary>Registers the bot's own chat page and its JSON endpoint. On by default: it needs no credentials.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddWebAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WebOptions.SectionName);
        services.AddOptions<WebOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();

        var enabled = section.GetValue(nameof(WebOptions.Enabled), defaultValue: true);
        services.AddSingleton(enabled
            ? new AdapterStatus("web", true, "chat page at /, endpoint POST /api/chat")
            : new AdapterStatus("web", false, "set Web:Enabled=true"));
        if (enabled)
        {
            services.AddSingleton(sp => new ChatRateLimiter(sp.GetRequiredService<IOptions<WebOptions>>().Value.RateLimitPerMinute));
            services.AddSingleton(sp => new ChatPage(sp.GetRequiredService<IOptions<WebOptions>>().Value, sp.GetRequiredService<IContentCatalog>(), sp.GetService<LiveContent>()));
            services.AddSingleton<ChatEndpoint>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<WebOptions>>().Value;
        if (!options.Enabled || endpoints.ServiceProvider.GetService<ChatEndpoint>() is not { } chat)
        {
            return endpoints;
        }

        var page = endpoints.ServiceProvider.GetRequiredService<ChatPage>();
        foreach (var path in page.Paths)
        {
            endpoints.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], page.ServeAsync);
        }

        endpoints.MapPost("/api/chat", chat.HandleAsync);

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Adapters.Web");
        Log.WebMapped(logger, options.MaxBodyBytes, options.MaxQuestionLength, options.RateLimitPerMinute);
        return endpoints;
    }
}
