using OptOutBot.Engine.Matching;

namespace OptOutBot.Engine.Tests.Matching;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("facebook", "facebook", 0)]
    [InlineData("facebok", "facebook", 1)]   // a letter missing
    [InlineData("faecbook", "facebook", 1)]  // two neighbouring letters swapped count once
    [InlineData("instagarm", "instagram", 1)]
    [InlineData("whatsap", "whatsapp", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Compute_CountsEditsWithAdjacentTranspositions(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.Compute(a, b, 5));
    }

    [Fact]
    public void Compute_PastTheBound_ReturnsBoundPlusOne()
    {
        Assert.Equal(2, EditDistance.Compute("recipe", "privacy", 1));
        Assert.Equal(2, EditDistance.Compute("ai", "facebook", 1)); // lengths alone exceed the bound
    }
}
