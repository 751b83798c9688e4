using OptOutBot.Engine.Conversations;
using OptOutBot.Engine.Tests.Support;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>/mydata shows what is kept; /forget erases it after a confirmation, and nothing is written afterwards.</summary>
public sealed class PersonalDataTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    private static readonly UserRef Person = new(EngineExtensions.Channel, EngineExtensions.User);

    [Fact]
    public async Task MyData_WithNothingKept_SaysSo()
    {
        var result = await fixture.CreateEngine().CommandAsync("mydata");

        Assert.Contains("Je ne garde rien sur vous", result.PlainText(), StringComparison.Ordinal);
        Assert.Empty(result.Choices());
    }

    [Fact]
    public async Task MyData_AfterChoosingALanguage_ListsTheStateAndOffersToForget()
    {
        var engine = fixture.CreateEngine();
        await engine.CommandAsync("language", "en");
        await engine.CommandAsync("optout", "instagram");

        var result = await engine.CommandAsync("mydata");

        var text = result.PlainText();
        Assert.Contains("Conversation state", text, StringComparison.Ordinal);
        Assert.Contains("language en", text, StringComparison.Ordinal);
        Assert.Contains("instagram/open", text, StringComparison.Ordinal);
        Assert.Equal(["c:forget"], result.ActionIds());
    }

    [Fact]
    public async Task Forget_AsksForConfirmationFirst_AndErasesNothingYet()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);
        await engine.CommandAsync("language", "en");

        var result = await engine.CommandAsync("forget");

        Assert.Equal(["c:forget:yes", "c:forget:no"], result.ActionIds());
        Assert.Contains("Do you really want to erase everything?", result.PlainText(), StringComparison.Ordinal);
        Assert.NotEmpty(await store.DescribeAsync(Person));
    }

    [Fact]
    public async Task MyDataForgetButton_AsksForConfirmationBeforeErasing()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);
        await engine.CommandAsync("language", "en");
        var mydata = await engine.CommandAsync("mydata");

        var result = await engine.PressAsync(mydata.ActionIds().Single());

        Assert.Equal(["c:forget:yes", "c:forget:no"], result.ActionIds());
        Assert.NotEmpty(await store.DescribeAsync(Person));
    }

    [Fact]
    public async Task ForgetYes_ErasesEveryStateOfThePerson_AndSavesNothingAfter()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);
        await engine.CommandAsync("language", "en");
        await engine.AskAsync("comment m'opposer sur insta ?", conversation: "another-chat");
        await engine.HandleAsync(EngineExtensions.Message(new CommandInput("language", "en"), user: "someone-else"));

        var result = await engine.PressAsync("c:forget:yes");

        Assert.Equal(TurnOutcome.Command, result.Outcome);
        Assert.Contains("2 item(s) erased", result.PlainText(), StringComparison.Ordinal);
        Assert.Empty(await store.DescribeAsync(Person));
        Assert.Null(await store.GetAsync(new ConversationKey(EngineExtensions.Channel, "chat-1", EngineExtensions.User), DateTimeOffset.MinValue));
        Assert.NotEmpty(await store.DescribeAsync(new UserRef(EngineExtensions.Channel, "someone-else")));
    }

    [Fact]
    public async Task ForgetNo_KeepsTheState()
    {
        var store = new InMemoryConversationStore();
        var engine = fixture.CreateEngine(store);
        await engine.CommandAsync("language", "en");

        var result = await engine.PressAsync("c:forget:no");
        var later = await engine.CommandAsync("about");

        Assert.Contains("have not erased anything", result.PlainText(), StringComparison.Ordinal);
        Assert.NotEmpty(await store.DescribeAsync(Person));
        Assert.Equal("en", later.Locale);
    }

    [Fact]
    public async Task AfterForget_TheLanguageChoiceIsGone()
    {
        var engine = fixture.CreateEngine();
        await engine.CommandAsync("language", "en");

        await engine.PressAsync("c:forget:yes");
        var later = await engine.CommandAsync("about");

        Assert.Equal("fr", later.Locale);
    }
}
