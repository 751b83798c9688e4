using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;

namespace OptOutBot.Engine;

/// <summary>Registers the engine: options, the content (loaded and validated once), the conversation engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <param name="contentRoot">The folder that <c>Content:Path</c> is relative to (the repository root).</param>
    public static IServiceCollection AddOptOutBotEngine(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var content = BotContent.Load(contentRoot, sp.GetRequiredService<IOptions<ContentOptions>>().Value, sp.GetRequiredService<TimeProvider>());
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Engine.Content");
            // Stale sources are an editor's to-do list (validate --stale), not something to repeat at every start.
            var options = sp.GetRequiredService<IOptions<ContentOptions>>().Value;
            var stale = StaleSources.Find(content, options.StaleAfterDays, DateOnly.FromDateTime(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)).Count;
            foreach (var warning in content.Warnings.Where(w => w.Severity == ContentSeverity.Warning && !w.Message.EndsWith("to re-check", StringComparison.Ordinal)).Take(20))
            {
                Log.ContentWarning(logger, warning.ToString());
            }

            if (stale > 0)
            {
                Log.StaleSources(logger, stale);
            }

            return content;
        });
        services.TryAddSingleton<IContentCatalog>(sp => sp.GetRequiredService<BotContent>());
        services.TryAddSingleton<IConversationEngine>(sp => new ConversationEngine(
            sp.GetRequiredService<BotContent>(),
            sp.GetRequiredService<IConversationStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>(),
            sp.GetServices<IPersonalDataSource>(),
            sp.GetService<ISubscriptionPort>(),
            sp.GetService<IQuestionLog>(),
            sp.GetService<ILogger<ConversationEngine>>()));
        return services;
    }
}
