using System.Diagnostics.Metrics;

namespace OptOutBot.Engine.Diagnostics;

/// <summary>
/// The one meter every OptOutBot instrument hangs on ("OptOutBot"). <see cref="IMeterFactory"/> hands out the same
/// instance for the same name, so each feature creating its instruments here shares it; exporters listen to this name.
/// </summary>
public static class BotMeter
{
    public const string Name = "OptOutBot";

    /// <param name="factory">The host's factory; null (tests, CLI verbs) gives a private meter nobody listens to.</param>
    public static Meter Get(IMeterFactory? factory) => factory?.Create(Name) ?? new Meter(Name);
}
