using OptOutBot.Engine.Tests.Support;
using OptOutBot.Testing.Transcripts;

namespace OptOutBot.Engine.Tests.Conversations;

/// <summary>Every tests/transcripts/*.yaml conversation, replayed through the engine on the real content.</summary>
public sealed class TranscriptTests(RealContentFixture fixture) : IClassFixture<RealContentFixture>
{
    [Theory]
    [MemberData(nameof(Transcript.All), MemberType = typeof(Transcript))]
    public async Task Transcript_ReplayedThroughTheEngine_MatchesEveryTurn(string file)
    {
        var transcript = Transcript.Load(file);
        Assert.NotEmpty(transcript.Turns);

        await TranscriptRunner.ReplayAsync(transcript, fixture.CreateEngine());
    }
}
