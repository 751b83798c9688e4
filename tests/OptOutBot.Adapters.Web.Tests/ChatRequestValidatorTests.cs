using OptOutBot.Adapters.Web.Wire;
using OptOutBot.Engine.Conversations;

namespace OptOutBot.Adapters.Web.Tests;

public sealed class ChatRequestValidatorTests
{
    private const string Id = "conv_1234-abcd";
    private static readonly WebOptions Options = new() { MaxQuestionLength = 500 };

    [Theory]
    [InlineData("abcdefgh")]
    [InlineData("A_b-9_Z-")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void TryCreate_ValidConversationId_UsesItAsConversationAndUser(string id)
    {
        Assert.True(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = id, Text = "hi" }, Options, null, out var message, out _));
        Assert.Equal("web", message.Channel);
        Assert.Equal(id, message.ConversationId);
        Assert.Equal(id, message.UserId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("has space in it")]
    [InlineData("ünïcode-id")]
    [InlineData("../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    public void TryCreate_BadConversationId_IsRejected(string? id)
    {
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = id, Text = "hi" }, Options, null, out _, out var error));
        Assert.Equal("bad_conversation_id", error!.Error);
    }

    [Fact]
    public void TryCreate_NoInputOrTwoInputs_IsRejected()
    {
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id }, Options, null, out _, out var none));
        Assert.Equal("bad_input", none!.Error);
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = "a", Action = "m" }, Options, null, out _, out var two));
        Assert.Equal("bad_input", two!.Error);
    }

    [Fact]
    public void TryCreate_ControlCharacters_AreStrippedAndLineBreaksBecomeSpaces()
    {
        var request = new ChatRequest { ConversationId = Id, Text = "\u0000 comment\u0007 m'opposer\r\nsur\tinsta\u202E ?\u001b " };
        Assert.True(ChatRequestValidator.TryCreate(request, Options, null, out var message, out _));
        Assert.Equal("comment m'opposer  sur insta ?", ((TextInput)message.Input).Text);
    }

    [Fact]
    public void CleanText_KeepsEmojiAndAccents_DropsLoneSurrogates()
    {
        Assert.Equal("déjà 👍 ok", ChatRequestValidator.CleanText("déjà 👍 ok"));
        Assert.Equal("ab", ChatRequestValidator.CleanText("a\uD800b"));
        Assert.Equal("ab", ChatRequestValidator.CleanText("a\uDC00b"));
    }

    [Fact]
    public void TryCreate_EmptyOrBlankText_GoesToTheEngineAsEmptyText()
    {
        Assert.True(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = " \u0001\n " }, Options, null, out var message, out _));
        Assert.Equal(new TextInput(""), message.Input);
    }

    [Fact]
    public void TryCreate_TextLongerThanTheLimit_IsRejected_ButTheLimitItselfIsFine()
    {
        Assert.True(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = new string('a', 500) }, Options, null, out _, out _));
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = new string('a', 501) }, Options, null, out _, out var error));
        Assert.Equal("text_too_long", error!.Error);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_UnknownButWellFormedAction_GoesToTheEngine()
    {
        Assert.True(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Action = "t:no-such-topic" }, Options, null, out var message, out _));
        Assert.Equal(new ActionInput("t:no-such-topic"), message.Input);
    }

    [Theory]
    [InlineData("")]
    [InlineData("t:é")]
    [InlineData("t:\n")]
    public void TryCreate_MalformedAction_IsRejected(string action)
    {
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Action = action }, Options, null, out _, out var error));
        Assert.Equal("bad_action", error!.Error);
    }

    [Fact]
    public void TryCreate_ActionOverSixtyFourCharacters_IsRejected()
    {
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Action = "t:" + new string('x', 63) }, Options, null, out _, out var error));
        Assert.Equal("bad_action", error!.Error);
    }

    [Fact]
    public void TryCreate_Command_IsLowerCasedWithoutSlash_AndKeepsItsArgument()
    {
        Assert.True(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Command = "/Language", Argument = " en " }, Options, null, out var message, out _));
        Assert.Equal(new CommandInput("language", "en"), message.Input);
    }

    [Theory]
    [InlineData("")]
    [InlineData("drop table")]
    [InlineData("forget;rm")]
    public void TryCreate_MalformedCommand_IsRejected(string command)
    {
        Assert.False(ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Command = command }, Options, null, out _, out var error));
        Assert.Equal("bad_command", error!.Error);
    }

    [Fact]
    public void TryCreate_LocaleHint_PrefersTheBodyThenAcceptLanguage()
    {
        ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = "x", Locale = "en-GB" }, Options, "fr-FR", out var fromBody, out _);
        Assert.Equal("en-GB", fromBody.LocaleHint);
        ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = "x" }, Options, "de-DE;q=0.5, en-US, fr;q=0.9", out var fromHeader, out _);
        Assert.Equal("en-US", fromHeader.LocaleHint);
        ChatRequestValidator.TryCreate(new ChatRequest { ConversationId = Id, Text = "x", Locale = "<script>" }, Options, null, out var none, out _);
        Assert.Null(none.LocaleHint);
    }

    [Theory]
    [InlineData("fr-CH, fr;q=0.9, en;q=0.8", "fr-CH")]
    [InlineData("en;q=0.2, fr;q=0.8", "fr")]
    [InlineData("*", null)]
    [InlineData("", null)]
    [InlineData("fr;q=abc", null)]
    public void PreferredLanguage_PicksTheHighestWeight(string header, string? expected) =>
        Assert.Equal(expected, ChatRequestValidator.PreferredLanguage(header));
}
