using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Tests.Replies;

/// <summary>Long answers are cut into messages a platform accepts, at places a reader would not notice.</summary>
public sealed class MessageSplitterTests
{
    // Simulates a platform whose escaping grows the text: '&', '<' and '_' become two characters.
    private static int EscapedLength(string markup) => markup.Length + markup.Count(c => c is '&' or '<' or '_');

    [Fact]
    public void Split_ShortText_IsOneChunkUnchanged()
    {
        const string text = "**Short** answer.\n\n- one\n- two";

        Assert.Equal([text], MessageSplitter.Split(text, 2000, EscapedLength));
    }

    [Fact]
    public void Split_ParagraphsOverTheLimit_CutsBetweenParagraphs()
    {
        var p1 = "First paragraph " + new string('a', 80);
        var p2 = "Second paragraph " + new string('b', 80);
        var p3 = "Third paragraph " + new string('c', 80);

        var chunks = MessageSplitter.Split($"{p1}\n\n{p2}\n\n{p3}", 120, EscapedLength);

        Assert.Equal([p1, p2, p3], chunks);
    }

    [Fact]
    public void Split_KeepsEveryWordAndLink_AndEveryChunkFits()
    {
        var words = Enumerable.Range(0, 400).Select(i => i % 17 == 0 ? $"[link {i}](https://example.org/page_{i}?a=1&b=2)" : i % 5 == 0 ? $"snake_word_{i}" : $"word{i}&more").ToList();
        var markup = string.Join(' ', words.Take(200)) + "\n\n- " + string.Join(' ', words.Skip(200));

        foreach (var limit in new[] { 120, 300, 1000 })
        {
            var chunks = MessageSplitter.Split(markup, limit, EscapedLength);

            Assert.All(chunks, c => Assert.True(EscapedLength(c) <= limit, $"chunk of rendered length {EscapedLength(c)} > {limit}: {c}"));
            var tokens = chunks.SelectMany(c => c.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)).Where(t => t != "-").ToList();
            var expected = markup.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(t => t != "-").ToList();
            Assert.Equal(expected, tokens); // no word or link was cut, lost or reordered
        }
    }

    [Fact]
    public void Split_NeverCutsInsideALinkLabel()
    {
        var link = "[a link label with many words in it](https://example.org/x)";
        var markup = string.Join(' ', Enumerable.Repeat("word", 30)) + " " + link + " " + string.Join(' ', Enumerable.Repeat("word", 30));

        var chunks = MessageSplitter.Split(markup, 100, EscapedLength);

        Assert.True(chunks.Count > 1);
        Assert.Single(chunks, c => c.Contains(link, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.True(EscapedLength(c) <= 100));
    }

    [Fact]
    public void Split_EscapingGrowth_IsCountedAgainstTheLimit()
    {
        // 150 raw characters but 300 once escaped: must not fit in one 200-character message.
        var markup = string.Join(' ', Enumerable.Repeat("a_b&", 30));

        var chunks = MessageSplitter.Split(markup, 200, EscapedLength);

        Assert.True(chunks.Count >= 2);
        Assert.All(chunks, c => Assert.True(EscapedLength(c) <= 200, c));
        Assert.All(chunks.SelectMany(c => c.Split(' ')), w => Assert.Equal("a_b&", w));
    }

    [Fact]
    public void Split_OneTokenLongerThanTheLimit_IsHardCutAndStillFits()
    {
        var token = new string('x', 250);

        var chunks = MessageSplitter.Split(token, 100, EscapedLength);

        Assert.Equal(token, string.Concat(chunks));
        Assert.All(chunks, c => Assert.True(c.Length <= 100));
    }

    [Fact]
    public void Split_NoChunkIsBlank()
    {
        var markup = "a paragraph " + new string('a', 50) + "\n\n\n\n" + "another " + new string('b', 50) + "\n\n";

        var chunks = MessageSplitter.Split(markup, 70, EscapedLength);

        Assert.All(chunks, c => Assert.False(string.IsNullOrWhiteSpace(c)));
        Assert.Equal(2, chunks.Count);
    }
}
