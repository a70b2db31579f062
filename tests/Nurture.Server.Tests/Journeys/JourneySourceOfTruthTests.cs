using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>
/// A journey published in the app survives a restart: its file publishes only when the file itself changed
/// since it was last loaded; when both changed, the app's version stays and the conflict is reported.
/// </summary>
public sealed class JourneySourceOfTruthTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_designer_publish_survives_restarts_and_a_file_changed_meanwhile_is_reported_not_published(string provider)
    {
        var welcome = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "workflows", "welcome-nurture.json"));
        await using var stack = await TestStack.WithJourneysAsync(provider, [welcome]);
        var file = Path.Combine(stack.Host.Service<Startup.NurturePaths>().Workflows, "journey-0.json");
        Assert.Equal(1, await VersionAsync(stack.Host));

        // The marketer renames the journey in the designer and publishes: version 2.
        var edited = JsonNode.Parse(welcome)!;
        edited["name"] = "Welcome (edited in the app)";
        (await stack.Host.Client.PutAsync("/api/journeys/welcome-nurture/draft", new StringContent(edited.ToJsonString()))).EnsureSuccessStatusCode();
        (await stack.Host.Client.PostAsync("/api/journeys/welcome-nurture/publish", null)).EnsureSuccessStatusCode();

        // A restart loads the unchanged file: nothing is published over the app's version.
        await RestartAsync(stack);
        Assert.Equal(2, await VersionAsync(stack.Host));
        Assert.Equal(2, (await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/welcome-nurture/versions")).GetArrayLength());

        // Someone edits the file too: the app's version stays, the conflict is said everywhere.
        var fileEdit = JsonNode.Parse(welcome)!;
        fileEdit["name"] = "Welcome (edited in git)";
        await File.WriteAllTextAsync(file, fileEdit.ToJsonString());
        await RestartAsync(stack);
        Assert.Equal(2, await VersionAsync(stack.Host));
        var list = await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys");
        var conflict = Assert.Single(list.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("welcome-nurture", 2), (conflict.GetProperty("journeyId").GetString(), conflict.GetProperty("versionInForce").GetInt32()));
        Assert.Contains("version 2 stays in force", (await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/welcome-nurture")).GetProperty("conflict").GetString(), StringComparison.Ordinal);
        Assert.Contains(stack.Host.Logs.Warnings, w => w.Contains("changed since it was last loaded", StringComparison.Ordinal));

        // "Export to file" writes the version in force back: the conflict ends, the file reads as the app's.
        var export = await stack.Host.Client.PostAsync("/api/journeys/welcome-nurture/export", null);
        export.EnsureSuccessStatusCode();
        Assert.Equal("workflows/journey-0.json", (await export.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("file").GetString());
        Assert.Equal("Welcome (edited in the app)", JsonNode.Parse(await File.ReadAllTextAsync(file))!["name"]!.GetValue<string>());
        Assert.Empty((await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys")).GetProperty("conflicts").EnumerateArray());
        await RestartAsync(stack);
        Assert.Equal(2, await VersionAsync(stack.Host));
        Assert.Empty((await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys")).GetProperty("conflicts").EnumerateArray());

        // From then on a change made only in the file publishes, as files always did.
        var next = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        next["name"] = "Welcome (v3 from git)";
        await File.WriteAllTextAsync(file, next.ToJsonString());
        await RestartAsync(stack);
        Assert.Equal(3, await VersionAsync(stack.Host));
    }

    private static async Task RestartAsync(TestStack stack)
    {
        var clock = stack.Host.Clock;
        await stack.StopHostAsync();
        await stack.StartHostAsync(o => o with { Clock = clock });
    }

    private static async Task<int> VersionAsync(NurtureTestHost host) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/welcome-nurture")).GetProperty("version").GetInt32();
}
