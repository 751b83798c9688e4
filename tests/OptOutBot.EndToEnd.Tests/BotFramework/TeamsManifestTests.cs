using System.Buffers.Binary;
using System.Text.Json;
using OptOutBot.Engine.Content;
using OptOutBot.Testing;

namespace OptOutBot.EndToEnd.Tests.BotFramework;

/// <summary>The Teams app package template in deploy/teams: what Teams checks on upload, and commands the bot really has.</summary>
public sealed class TeamsManifestTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "teams");

    [Fact]
    public void Manifest_CommandsAreTheBotsOwn_AtMostTenAsTeamsAllows()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        var bot = manifest.RootElement.GetProperty("bots")[0];
        Assert.Equal("{{MICROSOFT_APP_ID}}", bot.GetProperty("botId").GetString());
        var commands = bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray()
            .Select(c => c.GetProperty("title").GetString()!).ToList();
        var known = BotContent.Load(RepositoryPaths.Root, new ContentOptions(), TimeProvider.System).Commands.Select(c => c.Name).ToHashSet();

        Assert.InRange(commands.Count, 1, 10);
        Assert.All(commands, c => Assert.Contains(c, known));
        Assert.All(bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray(),
            c => Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 128));
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Icons_AreSquarePngsOfTheSizeTeamsRequires(string file, int size)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
