using OptOutBot.Engine.Content;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Content;

/// <summary>
/// Broken content must be refused with every error pointing at the file and line an editor has to fix. Each test
/// writes a small dialogs folder, breaks one thing at a known line and checks the reported "file:line".
/// </summary>
public sealed class ContentValidationTests
{
    [Fact]
    public void Load_ValidSyntheticFolder_LoadsWithoutErrors()
    {
        using var content = new SyntheticContent();

        var (loaded, problems) = content.TryLoad();

        Assert.NotNull(loaded);
        Assert.DoesNotContain(problems, p => p.Severity == ContentSeverity.Error);
        Assert.Equal(["fr", "en"], loaded.Locales);
    }

    [Fact]
    public void Validate_UnknownStemmer_PointsAtTheStemmerLineAndListsTheKnownOnes()
    {
        using var content = new SyntheticContent();
        content.Write("en/lexicon.yaml", """
            stopwords: [the, a]
            stemmer: klingon-light
            synonyms: {}
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/lexicon.yaml:2", "stemmer: unknown algorithm 'klingon-light' (expected one of: light, german-light, spanish-light, italian-light, dutch)");
    }

    [Fact]
    public void Validate_DateFormatThatCannotFormat_IsAnErrorInThatLanguagesUi()
    {
        using var content = new SyntheticContent();
        content.Write("en/ui.yaml", SyntheticContent.Ui("en").Replace("strings:\n", "strings:\n  deadline.date_format: \"d 'of MMMM\"\n", StringComparison.Ordinal));

        var errors = Errors(content);

        Assert.Contains(errors, e => e.Location.ToString().StartsWith("dialogs/en/ui.yaml", StringComparison.Ordinal) && e.Message.Contains("'deadline.date_format' is not a date format", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MisspelledLexiconKey_IsAnErrorRatherThanSilentlyIgnored()
    {
        using var content = new SyntheticContent();
        content.Write("en/lexicon.yaml", """
            stopwords: [the, a]
            synonym: { facebook: [fb] }
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/lexicon.yaml:2", "unknown field 'synonym'");
    }

    [Fact]
    public void Validate_DuplicateTopicId_ReportsTheSecondFileAndItsIdLine()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/gamma.yaml", """
            # a copy of alpha under another file name
            id: alpha
            title: Alpha again
            examples: [ostrich running fast]
            answer: Ostriches run.
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/gamma.yaml:2", "duplicate topic id 'alpha'");
    }

    [Fact]
    public void Validate_TopicMissingInOneLanguage_NamesTheLanguageAndTheExistingFile()
    {
        using var content = new SyntheticContent();
        content.Write("fr/topics/gamma.yaml", SyntheticContent.Topic("gamma", "Gamma", ["le hibou dort le jour"], "Le hibou dort."));

        var errors = Errors(content);

        AssertError(errors, "dialogs/fr/topics/gamma.yaml:1", "topic 'gamma' is missing in 'en'");
    }

    [Fact]
    public void Validate_FollowupToUnknownTopic_PointsAtTheFollowupsLine()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", SyntheticContent.Topic("alpha", "Alpha topic", ["how does the zebra sleep"], "Zebras sleep standing up.", followups: "[beta, no-such-topic]"));

        var errors = Errors(content);

        // SyntheticContent.Topic writes "followups:" on line 7.
        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "follow-up 'no-such-topic'");
    }

    [Fact]
    public void Validate_UnreachableFlowStep_PointsAtThatStep()
    {
        using var content = new SyntheticContent();
        WriteGuide(content, "en", """
            id: guide
            title: A guide
            steps:
              - id: first
                text: Step one.
                choices:
                  - label: Next
                    goto: second
              - id: second
                text: Step two.
                choices:
                  - label: Menu
                    goto: "@menu"
              - id: orphan
                text: Nobody comes here.
                choices:
                  - label: Menu
                    goto: "@menu"
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/flows/guide.yaml:14", "unreachable step 'orphan'");
    }

    [Fact]
    public void Validate_DanglingGoto_PointsAtTheChoice()
    {
        using var content = new SyntheticContent();
        WriteGuide(content, "en", """
            id: guide
            title: A guide
            steps:
              - id: first
                text: Step one.
                choices:
                  - label: Next
                    goto: second
              - id: second
                text: Step two.
                choices:
                  - label: Somewhere
                    goto: nowhere
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/flows/guide.yaml:12", "'nowhere' is not a step of flow 'guide'");
    }

    [Fact]
    public void Validate_StepWithNoChoices_PointsAtThatStep()
    {
        using var content = new SyntheticContent();
        WriteGuide(content, "en", """
            id: guide
            title: A guide
            steps:
              - id: first
                text: Step one.
                choices:
                  - label: Next
                    goto: second
              - id: second
                text: A dead end.
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/flows/guide.yaml:9", "dangling step 'second'");
    }

    [Fact]
    public void Validate_HttpLinkButton_IsAnErrorInThatFile()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", HttpLinkButtonTopic);

        var errors = Errors(content);

        var error = Assert.Single(errors, e => e.Message.Contains("link 'http://example.org/zebra' must be an absolute https:// url", StringComparison.Ordinal));
        Assert.StartsWith("dialogs/en/topics/alpha.yaml:", error.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpLinkButton_PointsAtTheLinkUrl()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            links:
              - label: Insecure
                url: http://example.org/zebra
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "link 'http://example.org/zebra'");
    }

    private const string HttpLinkButtonTopic = """
        id: alpha
        title: Alpha topic
        examples: [how does the zebra sleep]
        answer: Zebras sleep standing up.
        links:
          - label: Insecure
            url: http://example.org/zebra
        sources:
          - title: A source
            url: https://example.org/source
            date: 2026-01-15
        """;

    [Fact]
    public void Validate_HttpSource_PointsAtTheSourceUrl()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            sources:
              - title: A source
                url: http://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "'http://example.org/source' must be an absolute https:// url");
    }

    private const string HttpLinkInAnswerTopic = """
        id: alpha
        title: Alpha topic
        examples: [how does the zebra sleep]
        answer: |
          Zebras sleep standing up.

          Read [this page](http://example.org/zebra) for more.
        sources:
          - title: A source
            url: https://example.org/source
            date: 2026-01-15
        """;

    [Fact]
    public void Validate_HttpLinkInsideAnswerMarkup_IsAnErrorInThatFile()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", HttpLinkInAnswerTopic);

        var errors = Errors(content);

        var error = Assert.Single(errors, e => e.Message.Contains("link 'http://example.org/zebra' must be an absolute https:// url", StringComparison.Ordinal));
        Assert.StartsWith("dialogs/en/topics/alpha.yaml:", error.Location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpLinkInsideAnswerMarkup_PointsAtTheLinkLine()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", HttpLinkInAnswerTopic);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "link 'http://example.org/zebra'");
    }

    [Fact]
    public void Validate_ParagraphOver2000CharsInAnswer_PointsAtThatParagraphLine()
    {
        using var content = new SyntheticContent();
        var paragraph = string.Join(' ', Enumerable.Repeat("zebra", 400)); // 2,399 characters, no line break
        content.Write("en/topics/alpha.yaml", $"""
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: |
              A short first line.

              {paragraph}
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "longer than the smallest platform limit (2000)");
    }

    [Fact]
    public void Validate_ParagraphOver2000CharsInFlowStep_PointsAtThatParagraphLine()
    {
        using var content = new SyntheticContent();
        var paragraph = string.Join(' ', Enumerable.Repeat("zebra", 400));
        WriteGuide(content, "en", $"""
            id: guide
            title: A guide
            steps:
              - id: first
                text: |
                  {paragraph}
                choices:
                  - label: Next
                    goto: second
              - id: second
                text: Step two.
                choices:
                  - label: Menu
                    goto: "@menu"
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/flows/guide.yaml:6", "longer than the smallest platform limit (2000)");
    }

    [Fact]
    public void Validate_ParagraphOver2000CharsInOneLineAnswer_PointsAtTheAnswerLine()
    {
        using var content = new SyntheticContent();
        var paragraph = string.Join(' ', Enumerable.Repeat("zebra", 400));
        content.Write("en/topics/alpha.yaml", $"""
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: {paragraph}
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:4", "longer than the smallest platform limit (2000)");
    }

    [Fact]
    public void Validate_SourceWithBadDateAndHttpUrl_ReportsBoth()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            sources:
              - title: A source
                url: http://example.org/source
                date: 2026-13-45
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:8", "must be a date written YYYY-MM-DD");
        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "link 'http://example.org/source'");
    }

    [Fact]
    public void Validate_LongAnswerSplitIntoShortParagraphs_IsAccepted()
    {
        using var content = new SyntheticContent();
        var paragraph = string.Join(' ', Enumerable.Repeat("zebra", 300)); // 1,799 characters each
        foreach (var locale in content.Locales)
        {
            content.Write($"{locale}/topics/alpha.yaml", $"""
                id: alpha
                title: Alpha topic
                examples: [how does the zebra sleep]
                answer: |
                  {paragraph}

                  {paragraph}

                  {paragraph}
                sources:
                  - title: A source
                    url: https://example.org/source
                    date: 2026-01-15
                """);
        }

        var (loaded, problems) = content.TryLoad();

        Assert.True(loaded is not null, string.Join("\n", problems));
    }

    [Fact]
    public void Validate_TopicWithoutSource_IsAnErrorOnThatTopic()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:1", "no source");
    }

    [Fact]
    public void Validate_BadSourceDate_PointsAtTheDateLine()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            sources:
              - title: A source
                url: https://example.org/source
                date: 15/01/2026
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:8", "must be a date written YYYY-MM-DD");
    }

    [Fact]
    public void Validate_SourceDatedInTheFuture_IsAnError()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            sources:
              - title: A source
                url: https://example.org/source
                date: 2027-03-01
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/alpha.yaml:7", "is in the future");
    }

    [Fact]
    public void Validate_RequiredTopicMissing_PointsAtItsLineInTopicsYaml()
    {
        using var content = new SyntheticContent();
        content.Write("topics.yaml", """
            # ids every language must have
            required:
              - alpha
              - beta
              - gamma
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/topics.yaml:5", "required topic 'gamma' is missing in 'fr'");
        AssertError(errors, "dialogs/topics.yaml:5", "required topic 'gamma' is missing in 'en'");
    }

    [Fact]
    public void Validate_ExamplesThatReduceToTheSameWords_CollideAtTheExampleLine()
    {
        using var content = new SyntheticContent("en");
        content.Write("en/topics/beta.yaml", """
            id: beta
            title: Beta topic
            examples:
              - where does the penguin swim
              - How does THE zebra sleep?
            answer: Penguins swim in cold seas.
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        var error = AssertError(errors, "dialogs/en/topics/beta.yaml:5", "collides with an example of 'alpha'");
        Assert.Contains("dialogs/en/topics/alpha.yaml:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FolderWithManyErrors_ThrowsListingEveryOneOfThem()
    {
        using var content = new SyntheticContent();
        content.Write("en/topics/alpha.yaml", """
            id: alpha
            title: Alpha topic
            examples: [how does the zebra sleep]
            answer: Zebras sleep standing up.
            followups: [nowhere-topic]
            sources:
              - title: A source
                url: http://example.org/source
                date: 2026-01-15
              - title: Another source
                url: https://example.org/other
                date: 2026-13-45
            """);
        content.Write("fr/topics/gamma.yaml", SyntheticContent.Topic("gamma", "Gamma", ["le hibou dort le jour"], "Le hibou dort."));
        WriteGuide(content, "fr", """
            id: guide
            title: Un guide
            steps:
              - id: first
                text: Étape un.
                choices:
                  - label: Suivant
                    goto: second
              - id: second
                text: Étape deux.
            """);

        var ex = Assert.Throws<ContentValidationException>(content.Load);

        var expected = new[]
        {
            "dialogs/en/topics/alpha.yaml:5: error: follow-up 'nowhere-topic'",
            "dialogs/en/topics/alpha.yaml:8: error: link 'http://example.org/source'",
            "dialogs/en/topics/alpha.yaml:12: error: 'date' must be a date",
            "dialogs/fr/topics/gamma.yaml:1: error: topic 'gamma' is missing in 'en'",
            "dialogs/fr/flows/guide.yaml:9: error: dangling step 'second'",
        };
        foreach (var line in expected)
        {
            Assert.Contains(line, ex.Message, StringComparison.Ordinal);
            Assert.Contains(ex.Errors, e => e.ToString().StartsWith(line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_CollisionAndAnotherError_AreReportedTogether()
    {
        using var content = new SyntheticContent("en");
        content.Write("en/topics/beta.yaml", """
            id: beta
            title: Beta topic
            examples:
              - where does the penguin swim
              - How does THE zebra sleep?
            answer: Penguins swim in cold seas.
            followups: [nowhere-topic]
            sources:
              - title: A source
                url: https://example.org/source
                date: 2026-01-15
            """);

        var errors = Errors(content);

        AssertError(errors, "dialogs/en/topics/beta.yaml:7", "follow-up 'nowhere-topic'");
        AssertError(errors, "dialogs/en/topics/beta.yaml:5", "collides with an example of 'alpha'");
    }

    [Fact]
    public void Load_RealDialogsFolder_IsValid()
    {
        var (content, problems) = BotContent.TryLoad(OptOutBot.Testing.RepositoryPaths.Root, new ContentOptions(), TimeProvider.System);

        Assert.True(content is not null, string.Join("\n", problems.Where(p => p.Severity == ContentSeverity.Error)));
    }

    private static void WriteGuide(SyntheticContent content, string locale, string yaml) => content.Write($"{locale}/flows/guide.yaml", yaml);

    private static IReadOnlyList<ContentError> Errors(SyntheticContent content)
    {
        var (loaded, problems) = content.TryLoad();
        Assert.Null(loaded);
        return problems.Where(p => p.Severity == ContentSeverity.Error).ToList();
    }

    private static ContentError AssertError(IReadOnlyList<ContentError> errors, string location, string messagePart)
    {
        var found = errors.FirstOrDefault(e => e.Location.ToString() == location && e.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.True(found is not null, $"expected an error at {location} containing \"{messagePart}\"; got:\n{string.Join("\n", errors)}");
        return found;
    }
}
