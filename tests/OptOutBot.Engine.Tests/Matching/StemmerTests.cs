using System.Text.Json;
using OptOutBot.Engine.Matching;
using OptOutBot.Testing;

namespace OptOutBot.Engine.Tests.Matching;

public sealed class StemmerTests
{
    [Theory]
    [InlineData("opposition", "oppos")]
    [InlineData("messages", "messag")]
    [InlineData("training", "train")]
    [InlineData("dates", "date")]   // "dat" would be too short a stem: the shorter suffix is removed instead
    [InlineData("coment", "coment")] // a typo of "comment" must not become "com" (the lexicon's word for comments)
    [InlineData("post", "post")]    // words under five letters are left alone
    [InlineData("2026", "2026")]
    public void Stem_RemovesTheLongestSuffixThatLeavesFourLetters(string word, string stem)
    {
        Assert.Equal(stem, Stemmer.Light.Stem(word).ToString());
    }

    [Fact]
    public void Stem_OppositionAndOpposerMeet()
    {
        Assert.Equal(Stemmer.Light.Stem("opposer").ToString(), Stemmer.Light.Stem("opposition").ToString());
    }

    // Folded input (lower case, accents removed), as the analyzer gives it: the inflections a person types meet the
    // form the content uses.
    [Theory]
    [InlineData("german-light", "beitrage", "beitrag")]
    [InlineData("german-light", "kindern", "kinder")]
    [InlineData("spanish-light", "publicaciones", "publicacion")]
    [InlineData("spanish-light", "cuentas", "cuenta")]
    [InlineData("italian-light", "fotografie", "fotografia")]
    [InlineData("italian-light", "messaggi", "messaggio")]
    [InlineData("dutch", "berichten", "bericht")]
    [InlineData("dutch", "accounts", "account")]
    public void LanguageStemmers_BringInflectionsTogether(string name, string inflected, string other)
    {
        var stemmer = Stemmer.Named(name)!;

        Assert.Equal(stemmer.Stem(other).ToString(), stemmer.Stem(inflected).ToString());
    }

    [Fact]
    public void LanguageStemmers_GiveTheSameStemOnEveryThread()
    {
        var words = new[] { "beitrage", "publicaciones", "messaggi", "berichten", "opposition" };
        var names = new[] { "german-light", "spanish-light", "italian-light", "dutch", "light" };
        var expected = words.Select((w, i) => Stemmer.Named(names[i])!.Stem(w).ToString()).ToArray();

        var results = new string[8][];
        Parallel.For(0, 8, t =>
        {
            var mine = new string[words.Length];
            for (var round = 0; round < 2000; round++)
            {
                for (var i = 0; i < words.Length; i++)
                {
                    mine[i] = Stemmer.Named(names[i])!.Stem(words[i]).ToString();
                }
            }

            results[t] = mine;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void LexiconSchema_OffersExactlyTheStemmersTheEngineHas()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "dialogs", "schema", "lexicon.schema.json")));
        var offered = schema.RootElement.GetProperty("properties").GetProperty("stemmer").GetProperty("enum").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();

        Assert.Equal(Stemmer.Names.ToList(), offered);
    }
}
