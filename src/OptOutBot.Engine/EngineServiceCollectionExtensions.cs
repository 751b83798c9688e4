using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptOutBot.Engine.Commands;
using OptOutBot.Engine.Configuration;
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
        var content = configuration.GetSection(ContentOptions.SectionName);
        services.AddOptions<ContentOptions>().Bind(content).RefuseRenamed(content, ContentOptions.Renamed).ValidateDataAnnotations().ValidateOnStart();
        var conversation = configuration.GetSection(ConversationOptions.SectionName);
        services.AddOptions<ConversationOptions>().Bind(conversation).RefuseRenamed(conversation, ConversationOptions.Renamed).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // The bot's own commands, then any a host registers as ICommand (one class, plus its strings in ui.yaml).
        services.TryAddSingleton(sp => sp.GetServices<ICommand>().ToArray() is { Length: > 0 } more ? CommandRegistry.Default.With(more) : CommandRegistry.Default);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ContentOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var keepsQuestions = sp.GetRequiredService<IOptions<ConversationOptions>>().Value.LogUnansweredQuestions;
            var content = BotContent.Load(contentRoot, options, time, keepsQuestions, sp.GetRequiredService<CommandRegistry>());
            LogWarnings(sp.GetRequiredService<ILoggerFactory>().CreateLogger("OptOutBot.Engine.Content"), content, options, time);
            return new LiveContent(content);
        });
        services.TryAddSingleton<IContentCatalog>(sp => sp.GetRequiredService<LiveContent>());
        services.TryAddSingleton(sp => PushChannels.From(sp.GetServices<IChannelSender>()));
        services.TryAddSingleton<IConversationEngine>(sp => new LiveConversationEngine(sp.GetRequiredService<LiveContent>(), content => new ConversationEngine(
            content,
            sp.GetRequiredService<IConversationStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>(),
            sp.GetServices<IPersonalDataSource>(),
            sp.GetService<ISubscriptionPort>(),
            sp.GetService<IQuestionLog>(),
            sp.GetService<ILogger<ConversationEngine>>(),
            sp.GetService<IUpcomingEvents>(),
            sp.GetRequiredService<PushChannels>())));
        services.TryAddSingleton(sp => new TurnGuard(
            sp.GetRequiredService<IConversationEngine>(),
            sp.GetRequiredService<IContentCatalog>(),
            sp.GetRequiredService<ILogger<TurnGuard>>()));
        return services;
    }

    /// <summary>Content warnings worth an operator's eye; stale sources only as a count (an editor's to-do list, <c>validate --stale</c>).</summary>
    public static void LogWarnings(ILogger logger, BotContent content, ContentOptions options, TimeProvider time)
    {
        var stale = StaleSources.Find(content, options.StaleAfterWholeDays, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Count;
        foreach (var warning in content.Warnings.Where(w => w.Severity == ContentSeverity.Warning && !w.Message.EndsWith("to re-check", StringComparison.Ordinal)).Take(20))
        {
            Log.ContentWarning(logger, warning.ToString());
        }

        if (stale > 0)
        {
            Log.StaleSources(logger, stale);
        }
    }
}
