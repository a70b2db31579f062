using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>
/// A marketer can build every shipped journey from a blank canvas without touching JSON: each is rebuilt
/// step by step in the designer (triggers with their fields, re-entry, exit criteria, steps, properties,
/// connections) and the saved draft equals the file, positions aside.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RebuildJourneysTests(WebAppFixture app)
{
    [Theory]
    [InlineData("welcome-nurture")]
    [InlineData("recycle-nurture")]
    public async Task A_shipped_journey_is_rebuilt_in_the_designer_from_a_blank_canvas_and_saves_as_its_file(string journey)
    {
        var file = JourneyParser.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "workflows", $"{journey}.json")), journey);
        var id = $"{journey}-rebuilt";
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, $"/journeys/{id}?name={Uri.EscapeDataString(file.Name)}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Journey settings" })).ToBeVisibleAsync();

        await page.GetByLabel("Description").FillAsync(file.Description ?? "");
        await SetTriggersAsync(page, file.Triggers);
        await SetSettingsAsync(page, file.Settings);
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, $"designer-settings-{journey}.png"), FullPage = true });

        // Each step dropped where the file puts it, given the file's id, its properties set in the panel.
        foreach (var activity in file.Activities)
        {
            var position = activity.Position ?? new DesignerPosition(0, 0);
            await page.Locator($"button.tool[data-activity='{activity.Type}']").DragToAsync(page.GetByTestId("canvas"),
                new() { TargetPosition = new() { X = (float)position.X + 330, Y = (float)(position.Y * 1.15) + 20 } });
            await page.GetByLabel("Step id").FillAsync(activity.Id);
            await page.GetByLabel("Step id").PressAsync("Enter");
            await Expect(page.GetByTestId($"node-{activity.Id}")).ToBeVisibleAsync();
            foreach (var (name, value) in activity.Properties)
                await SetPropertyAsync(page, activity.Id, name, value);
        }
        foreach (var connection in file.Connections)
            await DesignerTests.ConnectAsync(page, connection.From, connection.Outcome, connection.To);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved; it can be published.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, $"designer-rebuilt-{journey}.png"), FullPage = true });

        var saved = await app.Host.Client.GetFromJsonAsync<JsonElement>($"/api/journeys/{id}");
        var draft = JourneyParser.Parse(saved.GetProperty("draft").GetRawText(), "draft");
        Assert.Equal(Comparable(file), Comparable(draft));
    }

    [Fact]
    public async Task Changing_a_triggers_type_keeps_its_fields_and_the_version_in_force_exports_to_its_file()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/trigger-check?name=Triggers");
        await page.GetByLabel("Trigger 1 type").SelectOptionAsync("FormSubmitted");
        await page.GetByLabel("Trigger 1 form id").FillAsync("demo-request");
        await page.GetByLabel("Trigger 1 type").SelectOptionAsync("TagAdded");
        await Expect(page.GetByLabel("Trigger 1 form id")).ToHaveCountAsync(0);
        await page.GetByLabel("Trigger 1 type").SelectOptionAsync("FormSubmitted");
        await Expect(page.GetByLabel("Trigger 1 form id")).ToHaveValueAsync("demo-request");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a trigger" }).ClickAsync();
        await page.GetByLabel("Trigger 2 type").SelectOptionAsync("ScoreCrossed");
        await page.GetByLabel("Trigger 2 score").SelectOptionAsync("quality");
        await page.GetByLabel("Trigger 2 value to cross").FillAsync("70");
        await page.Locator("button.tool[data-activity='Exit']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved");
        var draft = (await app.Host.Client.GetFromJsonAsync<JsonElement>("/api/journeys/trigger-check")).GetProperty("draft").GetProperty("triggers");
        Assert.Equal(("FormSubmitted", "demo-request", JsonValueKind.Null), (draft[0].GetProperty("type").GetString(), draft[0].GetProperty("form").GetString(), draft[0].GetProperty("tag").ValueKind));
        Assert.Equal(("ScoreCrossed", "quality", 70), (draft[1].GetProperty("type").GetString(), draft[1].GetProperty("score").GetString(), draft[1].GetProperty("value").GetInt32()));

        // The published sample journey goes back to its file from the designer.
        var welcome = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/welcome-nurture");
        await welcome.GetByRole(AriaRole.Button, new() { Name = "Export to file" }).ClickAsync();
        await Expect(welcome.GetByRole(AriaRole.Status)).ToContainTextAsync("to workflows/welcome-nurture.json");
    }

    /// <summary>The definition as the server reads it, with what the canvas decides alone left out: ids, positions, order of connections.</summary>
    private static string Comparable(JourneyDefinition definition) => JourneyParser.Serialize(definition with
    {
        Id = "",
        Schema = null,
        Activities = definition.Activities.Select(a => a with
        {
            Position = null,
            Properties = a.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
        }).ToList(),
        Connections = definition.Connections.OrderBy(c => c.From, StringComparer.Ordinal).ThenBy(c => c.Outcome, StringComparer.Ordinal).ToList(),
    });

    private static async Task SetTriggersAsync(IPage page, IReadOnlyList<JourneyTrigger> triggers)
    {
        // A new journey starts on LeadCreated; the file says what it starts on.
        if (triggers.Count == 0)
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove trigger 1" }).ClickAsync();
        for (var i = 0; i < triggers.Count; i++)
        {
            if (i > 0)
                await page.GetByRole(AriaRole.Button, new() { Name = "Add a trigger" }).ClickAsync();
            var n = i + 1;
            var trigger = triggers[i];
            await page.GetByLabel($"Trigger {n} type").SelectOptionAsync(trigger.Type);
            if (trigger.Form is { } form)
                await page.GetByLabel($"Trigger {n} form id").FillAsync(form);
            if (trigger.SignalType is { } signal)
                await page.GetByLabel($"Trigger {n} signal type").FillAsync(signal);
            if (trigger.Score is { } score)
                await page.GetByLabel($"Trigger {n} score").SelectOptionAsync(score);
            if (trigger.Value is { } value)
                await page.GetByLabel($"Trigger {n} value to cross").FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (trigger.Stage is { } stage)
                await page.GetByLabel($"Trigger {n} stage entered").SelectOptionAsync(stage.ToString());
            if (trigger.Tag is { } tag)
                await page.GetByLabel($"Trigger {n} tag").FillAsync(tag);
        }
    }

    private static async Task SetSettingsAsync(IPage page, JourneySettings settings)
    {
        var reentry = settings.Reentry.ToString();
        await page.GetByLabel("Re-entry").SelectOptionAsync(char.ToLowerInvariant(reentry[0]) + reentry[1..]);
        if (settings.Priority != 0)
            await page.GetByLabel("Priority").FillAsync(settings.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var stage in settings.Exit?.Stages ?? [])
            await page.GetByLabel($"Exit at {(stage.ToString().Length == 3 ? stage.ToString().ToUpperInvariant() : stage.ToString())}").CheckAsync();
        if (settings.Exit?.Tags is { Count: > 0 } tags)
        {
            await page.GetByLabel("Leave when tagged").FillAsync(string.Join(", ", tags));
            await page.GetByLabel("Leave when tagged").PressAsync("Enter");
        }
    }

    private static async Task SetPropertyAsync(IPage page, string node, string property, JsonElement value)
    {
        var field = page.Locator($"#prop-{node}-{property}");
        var text = value.ValueKind == JsonValueKind.Array
            ? string.Join(", ", value.EnumerateArray().Select(v => v.GetString()))
            : value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            await field.SelectOptionAsync(text);
        else
            await field.FillAsync(text);
    }
}

[Collection(WebCollection.Name)]
public sealed class MigrationScreenTests(WebAppFixture app)
{
    private static string Journey(int version) => version == 1
        ? """
          { "id": "migrate-check", "name": "Migrate check", "triggers": [ { "type": "SignalReceived", "signalType": "visit", "filters": { "url": "https://example.com/migrate-check" } } ],
            "activities": [ { "id": "wait", "type": "Delay", "properties": { "duration": "P1D" } },
                            { "id": "mail", "type": "SendEmail", "properties": { "template": "welcome" } } ],
            "connections": [ { "from": "wait", "to": "mail" } ] }
          """
        : """
          { "id": "migrate-check", "name": "Migrate check", "triggers": [ { "type": "SignalReceived", "signalType": "visit", "filters": { "url": "https://example.com/migrate-check" } } ],
            "activities": [ { "id": "pause", "type": "Delay", "properties": { "duration": "P2D" }, "position": { "x": 0, "y": 0 } },
                            { "id": "tag", "type": "AddTag", "properties": { "tag": "migrated" }, "position": { "x": 0, "y": 150 } },
                            { "id": "mail", "type": "SendEmail", "properties": { "template": "follow-up" }, "position": { "x": 0, "y": 300 } } ],
            "connections": [ { "from": "pause", "to": "tag" }, { "from": "tag", "to": "mail" } ] }
          """;

    [Fact]
    public async Task Waiting_leads_are_mapped_node_by_node_to_the_new_version_and_the_diff_is_marked_on_the_canvas()
    {
        var client = app.Host.Client;
        await PublishAsync(client, 1);
        var leads = new List<Guid>();
        foreach (var email in new[] { "m1@example.com", "m2@example.com" })
        {
            var lead = await app.Host.CreateLeadAsync(new { email });
            await app.Host.WaitUntilProcessedAsync(await app.Host.SignalAsync(new { type = "visit", leadId = lead, properties = new { url = "https://example.com/migrate-check" } }));
            leads.Add(lead);
        }
        await PublishAsync(client, 2);

        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/migrate-check");
        await Expect(page.GetByTestId("journey-status")).ToContainTextAsync("published v2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Diff" }).ClickAsync();
        await Expect(page.GetByTestId("diff-summary")).ToContainTextAsync("Removed: wait");
        await Expect(page.GetByTestId("diff-pause")).ToHaveTextAsync("added");
        await Expect(page.GetByTestId("diff-tag")).ToHaveTextAsync("added");
        await Expect(page.GetByTestId("diff-mail")).ToHaveTextAsync("changed");

        // Two leads wait at "wait", which v2 no longer has: the marketer sends them to "pause".
        var row = page.GetByTestId("migrate-wait");
        await Expect(row).ToContainTextAsync("2");
        var move = page.GetByRole(AriaRole.Button, new() { Name = "Move 2 lead(s) to v2" });
        await Expect(move).ToBeDisabledAsync();
        await page.GetByLabel("Move the leads at wait to").SelectOptionAsync("pause");
        await move.ClickAsync();
        await Expect(page.GetByText("Moved 2 lead(s) to v2.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, "designer-migration.png"), FullPage = true });

        await using var db = app.Host.CreateDbContext();
        var moved = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.JourneyInstances.Where(i => i.JourneyId == "migrate-check"));
        Assert.All(moved, i => Assert.Equal((2, "pause"), (i.Version, i.CurrentActivityId)));
        Assert.Equal(2, moved.Count);
    }

    private static async Task PublishAsync(HttpClient client, int version)
    {
        (await client.PutAsync("/api/journeys/migrate-check/draft", new StringContent(Journey(version)))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/journeys/migrate-check/publish", null)).EnsureSuccessStatusCode();
    }
}
