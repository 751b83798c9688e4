using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

/// <summary>The analyzer on a small hand-made lexicon: what each rule does to a question's terms.</summary>
public sealed class TermAnalyzerTests
{
    private static TopicMatcher Build()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["le", "la", "je", "comment", "j'ai", "sur", "de", "m", "me"], 0);
        analyzer.AddStopWords(["the", "i", "how", "do", "to", "on", "my"], 1);
        analyzer.AddSynonym("ai", "ia");
        analyzer.AddSynonym("facebook", "fb");
        analyzer.AddSynonym("optout", "opt out");
        analyzer.AddSynonym("optout", "opposer");
        analyzer.AddSynonym("not", "pas");
        analyzer.AddSynonym("not", "didn");
        analyzer.AddSynonym("belgium", "belgique");
        analyzer.AddBroader("belgium", "europ");
        analyzer.AddSynonym("europ", "europe");
        var topics = new[]
        {
            new TopicDocument("optout-facebook", ["comment m'opposer sur facebook à l'ia", "how to opt out on facebook"], [], ["Facebook"]),
            new TopicDocument("who", ["je suis en europe", "messages privés"], [], ["Europe"]),
            new TopicDocument("timeline", ["what happened in 2024"], [], ["Timeline"]),
        };
        return new TopicMatcher(analyzer, topics, ["recette", "profile picture"]);
    }

    private static readonly TopicMatcher Matcher = Build();

    [Fact]
    public void Analyze_StopPhrase_IsDroppedWholeWithoutTurningItsPartsIntoTerms()
    {
        // "j'ai" folds to "j ai": "ai" alone is the AI term, which must not appear here.
        Assert.Empty(Matcher.Terms("j'ai"));
        Assert.Equal(["ai"], Matcher.Terms("ia"));
    }

    [Fact]
    public void Analyze_MultiWordSynonym_BecomesOneTerm()
    {
        Assert.Equal(["optout", "facebook"], Matcher.Terms("how to opt out on fb"));
    }

    [Fact]
    public void Analyze_NumberNoTopicUses_IsDropped_ButAKnownYearIsKept()
    {
        Assert.Equal(["facebook"], Matcher.Terms("facebook 2026"));
        Assert.Equal(["2024"], Matcher.Terms("2024"));
    }

    [Fact]
    public void Analyze_TypoOfAKnownWord_IsCorrectedAndMarked()
    {
        Assert.Equal(["optout", "facebook~"], Matcher.Terms("opt out on facebok"));
    }

    [Fact]
    public void Analyze_TypoOfAStopWord_IsDropped()
    {
        // "coment" is one letter from the stop word "comment": it is not the start of a content word.
        Assert.Equal(["optout", "facebook"], Matcher.Terms("coment m'opposer sur facebook"));
    }

    [Fact]
    public void Analyze_UnknownWord_IsMarkedUnknown()
    {
        Assert.Equal(["facebook", "?"], Matcher.Terms("facebook zorglub"));
    }

    /// <summary>French (0, light stemmer), English (1) and German (2, its own stemmer), as six languages are merged.</summary>
    private static TopicMatcher BuildThreeLanguages()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddStopWords(["son", "sa", "le", "est", "il"], 0);
        analyzer.AddStopWords(["my", "is", "the", "on"], 1);
        analyzer.AddStopWords(["die", "mein", "ist", "auf"], 2);
        analyzer.SetStemmer(2, Stemmer.Named("german-light")!);
        var topics = new[]
        {
            new TopicDocument("minors", [new MatchText("my son is on instagram", 1), new MatchText("mein kind ist auf instagram", 2)], [], ["Minors"]),
            new TopicDocument("deceased", [new MatchText("my father may die soon", 1)], [], ["Deceased"]),
            new TopicDocument("posts", [new MatchText("die beitrag sichtbar", 2)], [], ["Posts"]),
        };
        return new TopicMatcher(analyzer, topics, []);
    }

    private static readonly TopicMatcher ThreeLanguages = BuildThreeLanguages();

    [Fact]
    public void Analyze_StopWordOfAnotherLanguage_IsAWordWhenTheQuestionIsClearlyInALanguageThatUsesIt()
    {
        // "son" is French for "his" (a stop word) and English for a child; "die" is German for "the".
        Assert.Equal(["son", "instagram"], ThreeLanguages.Terms("is my son on instagram"));
        Assert.Equal(["fath", "die"], ThreeLanguages.Terms("my father is die"));
        Assert.Equal(["instagram"], ThreeLanguages.Terms("il est son instagram"));
        Assert.Equal(["kind", "instagram"], ThreeLanguages.Terms("die kinder auf instagram"));
    }

    [Fact]
    public void Analyze_InflectionOfAnotherLanguage_IsStemmedByThatLanguagesStemmer()
    {
        // "beiträgen" is not in the content as written, and the French/English stemmer leaves it alone; the German
        // one brings it to "beitrag", first in a German question and still in an English one.
        Assert.Equal(["beitrag"], ThreeLanguages.Terms("mein beiträgen"));
        Assert.Equal(["beitrag"], ThreeLanguages.Terms("my beiträgen"));
    }

    [Fact]
    public void OffTopicEntry_ThatIsAlreadyASynonymOfATopicWord_IsReportedAsAConflict()
    {
        var analyzer = new TermAnalyzer();
        analyzer.AddSynonym("facebook", "fb");
        var matcher = new TopicMatcher(analyzer, [new TopicDocument("optout-facebook", ["how to opt out on facebook"], [], ["Facebook"])], ["fb", "recette"]);

        Assert.Equal([("fb", "optout-facebook")], matcher.OffTopicConflicts().ToList());
    }

    [Fact]
    public void Analyze_OffTopicEntries_AreTermsOfTheirOwn_WordsAndPhrases()
    {
        Assert.Equal(["~recette"], Matcher.Terms("recettes"));
        Assert.Equal(["facebook", "~profile_picture"], Matcher.Terms("facebook profile picture"));
    }

    [Fact]
    public void Analyze_CountryWithABroaderTerm_CountsAsBoth()
    {
        Assert.Equal(["belgium", "europ"], Matcher.Terms("belgique"));
    }

    [Fact]
    public void Analyze_Negation_IsATermInBothLanguages()
    {
        Assert.Equal(["not", "facebook"], Matcher.Terms("pas facebook"));
        Assert.Equal(["not", "facebook"], Matcher.Terms("didn facebook"));
    }
}
