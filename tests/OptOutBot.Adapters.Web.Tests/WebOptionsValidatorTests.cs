namespace OptOutBot.Adapters.Web.Tests;

public sealed class WebOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.True(new WebOptionsValidator().Validate(null, new WebOptions()).Succeeded);

    [Fact]
    public void BadValues_NameTheSettingAndTheFix()
    {
        var result = new WebOptionsValidator().Validate(null, new WebOptions { MaxBodyBytes = 10, RateLimitPerMinute = -1 });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Web:MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Web:RateLimitPerMinute", StringComparison.Ordinal));
    }

    [Fact]
    public void QuestionThatCannotFitInTheBody_IsRejected()
    {
        var result = new WebOptionsValidator().Validate(null, new WebOptions { MaxBodyBytes = 2048, MaxQuestionLength = 1000 });
        Assert.Contains(result.Failures!, f => f.Contains("raise MaxBodyBytes", StringComparison.Ordinal));
    }
}
