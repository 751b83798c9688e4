using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OptOutBot.Engine.Configuration;

/// <summary>A setting an earlier version named otherwise; <see cref="Example"/> shows a value in the new form.</summary>
public sealed record RenamedSetting(string Old, string New, string Example);

/// <summary>
/// Refuses, at start, a configuration that still names a setting by an earlier name: binding would ignore it silently
/// and the default would apply (e.g. <c>Conversation:StateTtlDays=7</c> after durations became TimeSpans). One check for
/// every section, so every renamed setting gets the same message.
/// </summary>
public static class RenamedSettings
{
    /// <summary>Adds the check to the options' start-up validation.</summary>
    public static OptionsBuilder<T> RefuseRenamed<T>(this OptionsBuilder<T> builder, IConfigurationSection section, IReadOnlyList<RenamedSetting> renamed)
        where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new Validator<T>(section, renamed));
        return builder;
    }

    /// <summary>One message per old name present in <paramref name="section"/>, naming both settings and the new form.</summary>
    public static IEnumerable<string> Problems(IConfigurationSection section, IReadOnlyList<RenamedSetting> renamed)
    {
        foreach (var r in renamed)
        {
            if (section[r.Old] is not null)
            {
                yield return $"{section.Path}:{r.Old} was renamed {section.Path}:{r.New} (e.g. \"{r.Example}\"): rename the setting.";
            }
        }
    }

    private sealed class Validator<T>(IConfigurationSection section, IReadOnlyList<RenamedSetting> renamed) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = Problems(section, renamed).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
