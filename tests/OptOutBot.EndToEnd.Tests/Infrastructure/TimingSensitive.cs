namespace OptOutBot.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Tests that measure a sending rate against a platform's limit run alone, after the parallel ones: on a 2-core
/// machine, other tests' load would otherwise be measured along with the dispatcher.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive (runs alone)";
}
