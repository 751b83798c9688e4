using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using OptOutBot.Admin.Content;
using OptOutBot.Admin.Pages;
using OptOutBot.Admin.Usage;
using OptOutBot.Engine.Configuration;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Admin;

/// <summary>
/// The operator console at /admin and the usage counters behind its overview. Nothing is registered or mapped unless
/// <c>Admin:Token</c> or <c>Admin:PasswordHash</c> is set: then every /admin path is the host's plain 404, and no turn is counted.
/// </summary>
public static class AdminServiceCollectionExtensions
{
    /// <summary>Call after the engine is registered (it wraps <see cref="IConversationEngine"/> to count turns).</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AdminOptions.SectionName);
        services.AddOptions<AdminOptions>().Bind(section).RefuseRenamed(section, AdminOptions.Renamed).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        if (string.IsNullOrEmpty(section[nameof(AdminOptions.Token)]) && string.IsNullOrEmpty(section[nameof(AdminOptions.PasswordHash)]))
        {
            services.AddSingleton(new AdapterStatus("admin", false, "set Admin:Token (16+ characters) or Admin:PasswordHash (optoutbot admin hash-password) to serve the operator console at /admin"));
            return services;
        }

        services.AddSingleton(new AdapterStatus("admin", true, "operator console at /admin"));
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService<UsageFlusher>();
        services.AddSingleton(sp => new AdminSession(sp.GetRequiredService<IOptions<AdminOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton(sp => new ContentEditor(
            sp.GetRequiredService<LiveContent>(), sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<IOptions<ContentOptions>>(), sp.GetService<IContentReload>()));
        services.AddSingleton<ConsolePages>();
        services.AddSingleton<AdminConsole>();

        // Count every turn of every adapter: wrap whatever engine is registered.
        var engine = services.LastOrDefault(d => d.ServiceType == typeof(IConversationEngine))
            ?? throw new InvalidOperationException("AddAdminConsole must come after the engine's registration (AddOptOutBotEngine).");
        services.Remove(engine);
        services.AddSingleton<IConversationEngine>(sp => new CountingConversationEngine(Resolve(sp, engine), sp.GetRequiredService<UsageRecorder>()));
        return services;
    }

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<AdminConsole>() is not { } console)
        {
            return endpoints;
        }

        endpoints.Map("/admin", console.HandleAsync);
        endpoints.Map("/admin/{**rest}", console.HandleAsync);
        Log.ConsoleOn(endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Admin"));
        return endpoints;
    }

    private static IConversationEngine Resolve(IServiceProvider sp, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IConversationEngine instance } => instance,
        { ImplementationFactory: { } factory } => (IConversationEngine)factory(sp),
        { ImplementationType: { } type } => (IConversationEngine)ActivatorUtilities.CreateInstance(sp, type),
        _ => throw new InvalidOperationException("Unsupported IConversationEngine registration."),
    };
}
