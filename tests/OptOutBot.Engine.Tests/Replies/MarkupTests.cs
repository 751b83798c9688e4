using OptOutBot.Engine.Replies;

namespace OptOutBot.Engine.Tests.Replies;

/// <summary>The neutral markup as renderers see it: styled spans per line, with anything odd left as literal text.</summary>
public sealed class MarkupTests
{
    [Fact]
    public void Parse_BoldItalicAndLink_GivesStyledSpans()
    {
        var line = Assert.Single(Markup.Parse("Open **Settings**, then _Privacy_ and [the form](https://example.org/form)."));

        Assert.Equal(LineKind.Paragraph, line.Kind);
        Assert.Equal(
            [
                new MarkupSpan("Open ", SpanStyle.None),
                new MarkupSpan("Settings", SpanStyle.Bold),
                new MarkupSpan(", then ", SpanStyle.None),
                new MarkupSpan("Privacy", SpanStyle.Italic),
                new MarkupSpan(" and ", SpanStyle.None),
                new MarkupSpan("the form", SpanStyle.None, "https://example.org/form"),
                new MarkupSpan(".", SpanStyle.None),
            ],
            line.Spans);
    }

    [Fact]
    public void Parse_ItalicInsideBold_CombinesStyles()
    {
        var spans = Assert.Single(Markup.Parse("**very _important_ step**")).Spans;

        Assert.Contains(new MarkupSpan("important", SpanStyle.Bold | SpanStyle.Italic), spans);
        Assert.Contains(new MarkupSpan("very ", SpanStyle.Bold), spans);
    }

    [Fact]
    public void Parse_LinkInsideBold_KeepsTheBoldStyleOnTheLink()
    {
        var spans = Assert.Single(Markup.Parse("**[Form](https://example.org)**")).Spans;

        Assert.Equal([new MarkupSpan("Form", SpanStyle.Bold, "https://example.org")], spans);
    }

    [Theory]
    [InlineData("an **unclosed bold")]
    [InlineData("an _unclosed italic")]
    [InlineData("a [label without url]")]
    [InlineData("a [label](not a url)")]
    [InlineData("a [label](https://example.org")]
    [InlineData("price 5 * 3 = 15")]
    public void Parse_UnclosedOrInvalidMarkers_StayLiteral(string text)
    {
        var spans = Assert.Single(Markup.Parse(text)).Spans;

        Assert.All(spans, s => Assert.Equal(SpanStyle.None, s.Style));
        Assert.All(spans, s => Assert.Null(s.Url));
        Assert.Equal(text, string.Concat(spans.Select(s => s.Text)));
    }

    [Theory]
    [InlineData("set the user_id and the max_length")]
    [InlineData("see https://example.org/some_path_here for details")]
    [InlineData("file name_with_underscores.txt")]
    [InlineData("snake_case_word")]
    public void Parse_SnakeCaseAndUrls_AreNotItalicised(string text)
    {
        var spans = Assert.Single(Markup.Parse(text)).Spans;

        Assert.All(spans, s => Assert.Equal(SpanStyle.None, s.Style));
        Assert.Equal(text, string.Concat(spans.Select(s => s.Text)));
    }

    [Fact]
    public void Parse_EscapedMarkers_AreLiteral()
    {
        var spans = Assert.Single(Markup.Parse(@"not \*\*bold\*\* nor \_italic\_")).Spans;

        Assert.Equal("not **bold** nor _italic_", string.Concat(spans.Select(s => s.Text)));
        Assert.All(spans, s => Assert.Equal(SpanStyle.None, s.Style));
    }

    [Fact]
    public void Parse_BulletsNumbersAndBlankLines_GiveLineKinds()
    {
        var lines = Markup.Parse("Intro\n\n- first\n• second\n1. one\n12. twelve\n1.5 is not a list");

        Assert.Equal([LineKind.Paragraph, LineKind.Blank, LineKind.Bullet, LineKind.Bullet, LineKind.Numbered, LineKind.Numbered, LineKind.Paragraph], lines.Select(l => l.Kind));
        Assert.Equal(12, lines[5].Number);
        Assert.Equal("twelve", lines[5].Spans.Single().Text);
        Assert.Equal("first", lines[2].Spans.Single().Text);
    }

    [Fact]
    public void Parse_WindowsLineEnds_AreLikeUnixOnes()
    {
        Assert.Equal(
            Markup.Parse("a\n\n- b").Select(l => l.Kind),
            Markup.Parse("a\r\n\r\n- b").Select(l => l.Kind));
    }

    [Fact]
    public void ToPlainText_DropsMarkersAndSpellsOutLinks()
    {
        var text = Markup.ToPlainText("**Step 1** — open _Settings_.\n\n- see [the form](https://example.org/f)\n2. done");

        Assert.Equal("Step 1 — open Settings.\n\n• see the form (https://example.org/f)\n2. done", text);
    }

    [Fact]
    public void ToPlainText_LinkWhoseLabelIsItsUrl_IsNotRepeated()
    {
        Assert.Equal("https://example.org", Markup.ToPlainText("[https://example.org](https://example.org)"));
    }
}
