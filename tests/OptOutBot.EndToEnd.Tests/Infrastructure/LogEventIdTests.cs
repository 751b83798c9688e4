using System.Reflection;
using Microsoft.Extensions.Logging;
using OptOutBot.Engine.Diagnostics;

namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>An event id in a log line names one message of one project: ids are unique and inside their project's range.</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLogMessage_HasAnIdOfItsProjectsRange_AndNoIdIsUsedTwice()
    {
        var host = Assembly.Load("optoutbot");
        // The host's projects and theirs (the shared OptOutBot.Adapters.Http is referenced by the adapters only).
        var assemblies = new List<Assembly> { host };
        for (var i = 0; i < assemblies.Count; i++)
        {
            foreach (var reference in assemblies[i].GetReferencedAssemblies())
            {
                if (reference.Name!.StartsWith("OptOutBot.", StringComparison.Ordinal) && assemblies.All(a => a.GetName().Name != reference.Name))
                {
                    assemblies.Add(Assembly.Load(reference));
                }
            }
        }

        Assert.True(assemblies.Count >= 8, "the host and its projects are loaded");

        var seen = new Dictionary<int, string>();
        var problems = new List<string>();
        foreach (var assembly in assemblies)
        {
            var name = assembly.GetName().Name!;
            Assert.True(LogEventRanges.ByAssembly.TryGetValue(name, out var range), $"{name} has a range in LogEventRanges");
            var methods = assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
            foreach (var method in methods)
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is not { } message)
                {
                    continue;
                }

                var where = $"{method.DeclaringType!.FullName}.{method.Name}";
                if (message.EventId < range.First || message.EventId > range.Last)
                {
                    problems.Add($"{where}: id {message.EventId} outside {name}'s range {range.First}-{range.Last}");
                }

                if (!seen.TryAdd(message.EventId, where))
                {
                    problems.Add($"{where}: id {message.EventId} already used by {seen[message.EventId]}");
                }
            }
        }

        Assert.Empty(problems);
        Assert.True(seen.Count > 50, "the log messages were found");
    }
}
