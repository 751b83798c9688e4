using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptOutBot.Engine.Ports;

namespace OptOutBot.EndToEnd.Tests.Discord;

/// <summary>The real host answering signed interactions as Discord sends them, answers checked against Discord's OpenAPI schema.</summary>
public sealed class DiscordInteractionsTests : IAsyncLifetime
{
    private DiscordTestBot _bot = null!;

    public async Task InitializeAsync() => _bot = await DiscordTestBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private DiscordUserSession InServer(string locale = "fr", string permissions = "2248473465835073") =>
        new(_bot, _bot.NextId(), "2222222222222222222", inServer: true, locale, permissions);

    private DiscordUserSession InDm(string locale = "fr") => new(_bot, _bot.NextId(), _bot.NextId(), inServer: false, locale);

    [Theory]
    [InlineData("[x](https://evil.example) **b**", @"\[x\]\(https://evil.example\) \*\*b\*\*")]
    // The argument is cut at 40 characters, inside the link.
    [InlineData("[click](https://evil.example/a-long-path-that-is-cut-at-forty)", @"\[click\]\(https://evil.example/a\-long\-path")]
    public async Task OptOutWithMarkupInTheArgument_RepeatsItAsEscapedMarkdown(string argument, string shown)
    {
        var option = _bot.Services.GetRequiredService<IContentCatalog>().Commands.Single(c => c.Name == "optout").Argument!.Name;

        var answer = await _bot.InteractAsync(InServer("en-US").Command("optout", option, argument));

        var content = answer.Content();
        Assert.Contains(shown, content, StringComparison.Ordinal);
        Assert.DoesNotContain("](<https://evil", content, StringComparison.Ordinal);
        Assert.DoesNotContain("](https://evil", content, StringComparison.Ordinal);
        Assert.DoesNotContain(" **b**", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        var answer = await _bot.InteractAsync(InServer().Ping());

        Assert.Equal("{\"type\":1}", answer.ToJsonString());
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        return condition();
    }

    [Fact]
    public async Task EveryRegisteredCommand_AnswersPrivatelyInAServer_WithAShareButton()
    {
        var catalog = _bot.Services.GetRequiredService<IContentCatalog>();
        Assert.NotEmpty(catalog.Commands);
        foreach (var command in catalog.Commands)
        {
            var user = InServer();
            var value = command.Argument switch
            {
                null => null,
                { Choices.Count: > 0 } a => a.Choices[0],
                _ => "comment m'opposer sur instagram ?",
            };

            var answer = await _bot.InteractAsync(user.Command(command.Name, command.Argument?.Name, value));

            Assert.Equal(4, (int)answer["type"]!);
            Assert.Equal(64, answer.Flags());
            Assert.False(string.IsNullOrWhiteSpace(answer.Content()), "/" + command.Name);
            // A one-part answer carries the share button itself; a longer one (e.g. /deadline: the text, then the
            // calendar's dates) carries it on its last part, posted as a follow-up to this interaction.
            var shareable = answer.Buttons().Any(b => b.Id == "x:share")
                || await EventuallyAsync(() => _bot.Discord.Requests.Any(r => r.Method == "POST" && r.Path.Contains("/webhooks/", StringComparison.Ordinal) && r.Body.Contains("x:share", StringComparison.Ordinal)));
            Assert.True(shareable, "/" + command.Name + ": " + answer.ToJsonString());
        }
    }

    [Fact]
    public async Task OptOutInstagram_InFrench_ShowsTheFirstStepWithChoices()
    {
        var answer = await _bot.InteractAsync(InServer("fr").Command("optout", "platform", "instagram"));

        Assert.Contains("Instagram", answer.Content(), StringComparison.Ordinal);
        Assert.Contains(answer.Buttons(), b => b.Label == "C'est fait");
    }

    [Fact]
    public async Task Locale_FollowsTheDiscordClientLanguage()
    {
        var fr = await _bot.InteractAsync(InServer("fr").Command("about"));
        var en = await _bot.InteractAsync(InServer("en-GB").Command("about"));

        Assert.NotEqual(fr.Content(), en.Content());
        Assert.Contains(en.Buttons(), b => b.Label == "Share in channel");
        Assert.Contains(fr.Buttons(), b => b.Label == "Partager dans le salon");
    }

    [Fact]
    public async Task LanguageCommand_OverridesTheClientLanguage()
    {
        var user = InServer("fr");
        await _bot.InteractAsync(user.Command("language", "language", "en"));

        var about = await _bot.InteractAsync(user.Command("about"));

        Assert.Contains(about.Buttons(), b => b.Label == "Share in channel");
    }

    [Fact]
    public async Task AskAutocomplete_OffersTopicTitlesInTheUsersLanguage()
    {
        var catalog = _bot.Services.GetRequiredService<IContentCatalog>();

        var fr = await _bot.InteractAsync(InServer("fr").Autocomplete("ask", "question", "instagram"));
        var en = await _bot.InteractAsync(InServer("en-US").Autocomplete("ask", "question", "instagram"));

        var frTitles = fr["data"]!["choices"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        var enTitles = en["data"]!["choices"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        Assert.NotEmpty(frTitles);
        Assert.NotEmpty(enTitles);
        Assert.All(frTitles, t => Assert.Contains(t, catalog.Topics("fr").Select(x => x.Title)));
        Assert.All(enTitles, t => Assert.Contains(t, catalog.Topics("en").Select(x => x.Title)));
        Assert.InRange(frTitles.Count, 1, 25);
    }

    [Fact]
    public async Task PickingAnAutocompletedTitle_AnswersThatTopic()
    {
        var user = InServer("fr");
        var suggestions = await _bot.InteractAsync(user.Autocomplete("ask", "question", "whatsapp"));
        var title = (string)suggestions["data"]!["choices"]![0]!["value"]!;

        var answer = await _bot.InteractAsync(user.Command("ask", "question", title));

        Assert.Contains("WhatsApp", answer.Content(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GuideButtons_OnAPrivateAnswer_UpdateTheMessageInPlace()
    {
        var user = InServer("fr");
        var first = await _bot.InteractAsync(user.Command("optout", "platform", "instagram"));
        var done = first.Buttons().First(b => b.Label == "C'est fait");

        var next = await _bot.InteractAsync(user.Press(first.Data(), done.Id, ephemeral: true));

        Assert.Equal(7, (int)next["type"]!);
        Assert.NotEqual(first.Content(), next.Content());
        Assert.Null(next.Flags());
    }

    [Fact]
    public async Task ShareButton_RepostsTheAnswerPubliclyWithoutTheShareButton()
    {
        var user = InServer("fr");
        var first = await _bot.InteractAsync(user.Command("deadline"));

        var shared = await _bot.InteractAsync(user.Press(first.Data(), "x:share", ephemeral: true));

        Assert.Equal(4, (int)shared["type"]!);
        Assert.Null(shared.Flags());
        Assert.Equal(first.Content(), shared.Content());
        Assert.DoesNotContain(shared.Buttons(), b => b.Id == "x:share");
    }

    [Fact]
    public async Task ButtonOnASharedMessage_AnswersThePresserPrivately()
    {
        var owner = InServer("fr");
        var first = await _bot.InteractAsync(owner.Command("optout", "platform", "instagram"));
        var shared = await _bot.InteractAsync(owner.Press(first.Data(), "x:share", ephemeral: true));
        var done = shared.Buttons().First(b => b.Label == "C'est fait");

        var someoneElse = InServer("fr");
        var answer = await _bot.InteractAsync(someoneElse.Press(shared.Data(), done.Id, ephemeral: false));

        Assert.Equal(4, (int)answer["type"]!);
        Assert.Equal(64, answer.Flags());
    }

    [Fact]
    public async Task InDirectMessages_AnswersArePlainMessagesWithoutShareButton()
    {
        var user = InDm("en-US");

        var answer = await _bot.InteractAsync(user.Command("optout", "platform", "facebook"));

        Assert.Null(answer.Flags());
        Assert.DoesNotContain(answer.Buttons(), b => b.Id == "x:share");
        var step = answer.Buttons().First(b => b.Id.StartsWith("s:", StringComparison.Ordinal));
        var next = await _bot.InteractAsync(user.Press(answer.Data(), step.Id, ephemeral: false));
        Assert.Equal(7, (int)next["type"]!);
    }

    [Fact]
    public async Task Forget_ErasesTheConversationState()
    {
        var user = InServer("fr");
        await _bot.InteractAsync(user.Command("language", "language", "en"));
        var store = _bot.Services.GetRequiredService<IConversationStore>();
        var key = new Engine.Conversations.ConversationKey("discord", user.ChannelId, user.UserId);
        Assert.NotNull(await store.GetAsync(key, DateTimeOffset.MinValue));

        var answer = await _bot.InteractAsync(user.Command("forget"));
        foreach (var confirm in answer.Buttons().Where(b => b.Id.StartsWith("c:forget", StringComparison.Ordinal)).Take(1))
        {
            await _bot.InteractAsync(user.Press(answer.Data(), confirm.Id, ephemeral: true));
        }

        Assert.Null(await store.GetAsync(key, DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task LinkButtons_AreDiscordLinkButtonsWithHttpsUrls()
    {
        var user = InServer("fr");
        var answer = await _bot.InteractAsync(user.Command("optout", "platform", "instagram"));
        for (var i = 0; i < 8 && !answer.Buttons().Any(b => b.Style == 5); i++)
        {
            var step = answer.Buttons().FirstOrDefault(b => b.Label is "C'est fait" or "C'est envoyé");
            if (step.Id is null)
            {
                break;
            }

            answer = await _bot.InteractAsync(user.Press(answer.Data(), step.Id, ephemeral: true));
        }

        Assert.All(answer.Buttons().Where(b => b.Style == 5), b => Assert.StartsWith("https://", b.Id, StringComparison.Ordinal));
    }
}
