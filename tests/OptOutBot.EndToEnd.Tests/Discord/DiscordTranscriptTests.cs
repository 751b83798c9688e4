using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;
using OptOutBot.Testing.Transcripts;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>
/// Replays every transcript of tests/transcripts through Discord as a person in a server would: free text as
/// <c>/ask question:…</c>, commands as slash commands, presses on the buttons (or select menu) of the previous answer.
/// Checks what a person sees on the wire: the text (<c>says</c>) and the offered choices, every answer schema-valid.
/// </summary>
public sealed class DiscordTranscriptTests
{
    [Theory]
    [MemberData(nameof(Transcript.All), MemberType = typeof(Transcript))]
    public async Task Transcript_PlaysThroughDiscordInteractions(string file)
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var transcript = Transcript.Load(file);
        var catalog = bot.Services.GetRequiredService<IContentCatalog>();
        var userId = bot.NextId();
        JsonObject? last = null;
        var locale = transcript.Locale ?? "fr";
        foreach (var turn in transcript.Turns)
        {
            // A Discord client has one language; transcripts without one follow the language each turn expects.
            locale = transcript.Locale ?? turn.Lang ?? locale;
            var user = new DiscordUserSession(bot, userId, "2222222222222222222", inServer: true, DiscordLocale(locale));
            JsonObject answer;
            if (turn.User is { } text)
            {
                answer = await bot.InteractAsync(user.Command("ask", "question", text));
            }
            else if (turn.Command is { } command)
            {
                var parts = command.TrimStart('/').Split(' ', 2, StringSplitOptions.TrimEntries);
                var option = catalog.Commands.FirstOrDefault(c => c.Name == parts[0])?.Argument?.Name ?? "argument";
                answer = await bot.InteractAsync(parts.Length > 1 ? user.Command(parts[0], option, parts[1]) : user.Command(parts[0]));
            }
            else
            {
                var label = turn.Press!;
                Assert.True(last is not null, $"{turn}: a press needs a previous answer");
                var button = last.Buttons().FirstOrDefault(b => Same(b.Label, label));
                Assert.True(button.Id is not null, $"{turn}: no such button in [{string.Join(" | ", last.Buttons().Select(b => b.Label))}]");
                answer = button.Id.StartsWith("select:", StringComparison.Ordinal)
                    ? await bot.InteractAsync(user.Select(last.Data(), button.Id["select:".Length..], ephemeral: true))
                    : await bot.InteractAsync(user.Press(last.Data(), button.Id, ephemeral: true));
            }

            var type = (int)answer["type"]!;
            Assert.True(type is 4 or 7, $"{turn}: callback type {type}");
            if (turn.Says is { } says)
            {
                Assert.True(Fold(Unescape(answer.Content())).Contains(Fold(says), StringComparison.Ordinal), $"{turn}: expected \"{says}\" in:\n{answer.Content()}");
            }

            foreach (var choice in turn.Choices)
            {
                Assert.True(answer.Buttons().Any(b => Same(b.Label, choice)), $"{turn}: choice \"{choice}\" not offered in [{string.Join(" | ", answer.Buttons().Select(b => b.Label))}]");
            }

            last = answer;
        }
    }

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
