using OptOutBot.Broadcasts;
using OptOutBot.Broadcasts.Calendar;
using OptOutBot.Engine;
using OptOutBot.Engine.Content;
using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Ports;
using OptOutBot.Hosting;

namespace OptOutBot.Cli;

/// <summary>The engine with in-memory state, for the terminal verbs: nothing a terminal user types is stored.</summary>
internal static class TerminalEngine
{
    public static ServiceProvider Create(IDictionary<string, string?>? overrides = null)
    {
        var root = RepositoryRoot.Find();
        var configuration = BotConfiguration.Build(root, overrides);
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<InMemoryConversationStore>();
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        services.AddSingleton<IPersonalDataSource>(sp => sp.GetRequiredService<InMemoryConversationStore>());
        services.AddOptOutBotEngine(configuration, root);
        services.AddDeadlineCalendar(configuration, root);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Loads the content, printing every content error to stderr; null when invalid.</summary>
    public static IConversationEngine? TryEngine(ServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IConversationEngine>();
        }
        catch (ContentValidationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
        catch (DeadlineCalendarException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
