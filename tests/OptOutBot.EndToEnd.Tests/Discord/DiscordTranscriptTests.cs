using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;
using YamlDotNet.RepresentationModel;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>
/// Replays every transcript of tests/transcripts through Discord as a person in a server would: free text as
/// <c>/ask question:…</c>, commands as slash commands, presses on the buttons (or select menu) of the previous answer.
/// Checks what a person sees on the wire: the text (<c>says</c>) and the offered choices, every answer schema-valid.
/// </summary>
public sealed class DiscordTranscriptTests
{
    [Fact]
    public async Task EveryTranscript_PlaysThroughDiscordInteractions()
    {
        var files = TranscriptFiles();
        var failures = new List<string>();
        foreach (var file in files)
        {
            await using var bot = await DiscordTestBot.StartAsync();
            try
            {
                await ReplayAsync(bot, file);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or InvalidOperationException)
            {
                failures.Add(Path.GetFileName(file) + ": " + e.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static async Task ReplayAsync(DiscordTestBot bot, string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var fixedLocale = Scalar(root, "locale");
        var catalog = bot.Services.GetRequiredService<IContentCatalog>();
        var userId = bot.NextId();
        JsonObject? last = null;
        var locale = fixedLocale ?? "fr";
        var n = 0;
        foreach (YamlMappingNode turn in ((YamlSequenceNode)root.Children[new YamlScalarNode("turns")]).Children.Cast<YamlMappingNode>())
        {
            n++;
            locale = fixedLocale ?? Scalar(turn, "lang") ?? locale;
            var user = new DiscordUserSession(bot, userId, "2222222222222222222", inServer: true, DiscordLocale(locale));
            JsonObject answer;
            string what;
            if (Scalar(turn, "user") is { } text)
            {
                what = "user: " + text;
                answer = await bot.InteractAsync(user.Command("ask", "question", text));
            }
            else if (Scalar(turn, "command") is { } command)
            {
                what = "command: " + command;
                var parts = command.TrimStart('/').Split(' ', 2, StringSplitOptions.TrimEntries);
                var option = catalog.Commands.FirstOrDefault(c => c.Name == parts[0])?.Argument?.Name ?? "argument";
                answer = await bot.InteractAsync(parts.Length > 1 ? user.Command(parts[0], option, parts[1]) : user.Command(parts[0]));
            }
            else if (Scalar(turn, "press") is { } label)
            {
                what = "press: " + label;
                Assert.True(last is not null, $"turn {n}: a press needs a previous answer");
                var button = last.Buttons().FirstOrDefault(b => Same(b.Label, label));
                Assert.True(button.Id is not null, $"turn {n} ({what}): no such button in [{string.Join(" | ", last.Buttons().Select(b => b.Label))}]");
                var previous = last.Data();
                answer = button.Id.StartsWith("select:", StringComparison.Ordinal)
                    ? await bot.InteractAsync(user.Select(previous, button.Id["select:".Length..], ephemeral: true))
                    : await bot.InteractAsync(user.Press(previous, button.Id, ephemeral: true));
            }
            else
            {
                throw new InvalidOperationException($"turn {n}: needs user, command or press");
            }

            var type = (int)answer["type"]!;
            Assert.True(type is 4 or 7, $"turn {n} ({what}): callback type {type}");
            if (Scalar(turn, "says") is { } says)
            {
                Assert.True(Fold(Unescape(answer.Content())).Contains(Fold(says), StringComparison.Ordinal), $"turn {n} ({what}): expected \"{says}\" in:\n{answer.Content()}");
            }

            if (turn.Children.TryGetValue(new YamlScalarNode("choices"), out var choices))
            {
                foreach (YamlScalarNode choice in ((YamlSequenceNode)choices).Children.Cast<YamlScalarNode>())
                {
                    Assert.True(answer.Buttons().Any(b => Same(b.Label, choice.Value!)), $"turn {n} ({what}): choice \"{choice.Value}\" not offered in [{string.Join(" | ", answer.Buttons().Select(b => b.Label))}]");
                }
            }

            last = answer;
        }
    }

    internal static IReadOnlyList<string> TranscriptFiles()
    {
        var folder = Environment.GetEnvironmentVariable("OPTOUTBOT_TRANSCRIPTS");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); folder is null && dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "transcripts");
            if (Directory.Exists(candidate))
            {
                folder = candidate;
            }
        }

        return folder is null ? [] : Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } s } ? s : null;

    private static string DiscordLocale(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : language;

    private static bool Same(string a, string b) => Fold(a) == Fold(b.Length > 80 ? b[..79] + "…" : b);

    /// <summary>Discord markdown escapes removed: what the person reads.</summary>
    private static string Unescape(string markdown)
    {
        var sb = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\' && i + 1 < markdown.Length)
            {
                i++;
            }

            sb.Append(markdown[i]);
        }

        return sb.ToString().Replace("**", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>Accents and case ignored, apostrophes unified, as the transcript format says.</summary>
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c is '’' or '‘' ? '\'' : char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }
}
