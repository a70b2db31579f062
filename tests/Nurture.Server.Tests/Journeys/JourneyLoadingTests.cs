using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>A broken journey or template is reported with its position and skipped; the rest loads.</summary>
public sealed class JourneyLoadingTests
{
    [Fact]
    public async Task Broken_files_are_refused_with_their_position_while_the_others_load()
    {
        using var temp = new TempDirectory();
        var home = RepositoryPaths.CopyHome(Path.Combine(temp.Path, "home"));
        await File.WriteAllTextAsync(Path.Combine(home, "workflows", "broken-json.json"), "{\n  \"id\": \"broken-json\",\n  \"name\": \"Broken\"\n  \"activities\": []\n}");
        await File.WriteAllTextAsync(Path.Combine(home, "workflows", "missing-template.json"), """
            {
              "id": "missing-template",
              "name": "Missing template",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "send", "type": "SendEmail", "properties": { "template": "no-such-template" } }
              ],
              "connections": []
            }
            """);
        await File.WriteAllTextAsync(Path.Combine(home, "templates", "broken.html"), "---\nsubject: Hello\n---\n<p>Hi</p>\n<p>{{ if lead.first_name }}</p>\n");
        await File.WriteAllTextAsync(Path.Combine(home, "workflows", "uses-broken-template.json"), """
            {
              "id": "uses-broken-template",
              "name": "Uses a broken template",
              "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "broken" } } ]
            }
            """);

        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o with { Home = home });
        var host = stack.Host;

        var journeys = await host.Client.GetFromJsonAsync<JsonElement>("/api/journeys");
        var loaded = journeys.GetProperty("journeys").EnumerateArray().Select(j => j.GetProperty("id").GetString()).ToList();
        Assert.Equal(["recycle-nurture", "welcome-nurture"], loaded); // the repository's good journeys

        var errors = journeys.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("workflows/broken-json.json:4:3: malformed journey JSON", StringComparison.Ordinal));
        Assert.Contains("workflows/missing-template.json, activity 'send', property 'template': template 'no-such-template' does not exist or failed to load.", errors);
        Assert.Contains(errors, e => e.StartsWith("workflows/uses-broken-template.json, activity 'send', property 'template'", StringComparison.Ordinal));

        var templates = await host.Client.GetFromJsonAsync<JsonElement>("/api/templates");
        var templateError = Assert.Single(templates.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("templates/broken.html:5:", templateError.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(templates.GetProperty("templates").EnumerateArray(), t => t.GetProperty("name").GetString() == "broken");

        // The good journey still runs.
        await host.CreateLeadAsync(new { email = "still-works@example.com" });
        var pickup = Path.Combine(stack.Temp.Path, "pickup");
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(Directory.Exists(pickup) && Directory.EnumerateFiles(pickup, "*.eml").Any()),
            "the welcome email is written to the pickup folder");
    }

    [Fact]
    public async Task Pickup_folder_is_listed_at_a_page_with_encoded_values()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "pickup@example.com", firstName = "<b>Bold</b>" });

        await NurtureTestHost.EventuallyAsync(async () => (await host.Client.GetStringAsync("/pickup")).Contains("pickup@example.com", StringComparison.Ordinal), "the email is listed");
        var page = await host.Client.GetStringAsync("/pickup");
        Assert.DoesNotContain("<b>Bold</b>", page, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/pickup/[^\"]+\\.eml)\"").Groups[1].Value;
        var view = await host.Client.GetStringAsync(link);
        Assert.Contains("&lt;b&gt;Bold&lt;/b&gt;", view, StringComparison.Ordinal);
        Assert.Contains("/t/c/", view, StringComparison.Ordinal);
        var eml = await host.Client.GetStringAsync(link + "/raw");
        Assert.Contains("Subject:", eml, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Client.GetAsync("/pickup/..%2Fnurture.db")).StatusCode);
    }
}
