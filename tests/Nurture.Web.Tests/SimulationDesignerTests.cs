using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nurture.Core.Handoff;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>The designer's Simulate panel in Chromium: a draft simulated for made-up leads, its counts on the steps, the handoffs charted by rep, and its dead end named.</summary>
[Collection(WebCollection.Name)]
public sealed class SimulationDesignerTests(WebAppFixture app)
{
    // Every lead is handed off after the welcome; a lead that does not click in two days leaves by an unconnected Timeout.
    private const string Journey = """
        { "id": "sim-check", "name": "Simulation check", "triggers": [ { "type": "SignalReceived", "signalType": "sim_check" } ],
          "activities": [
            { "id": "welcome", "type": "SendEmail", "properties": { "template": "welcome" }, "position": { "x": 0, "y": 0 } },
            { "id": "hand-off", "type": "HandOff", "position": { "x": 0, "y": 150 } },
            { "id": "wait", "type": "WaitForSignal", "properties": { "signalTypes": ["click"], "timeout": "P2D" }, "position": { "x": 0, "y": 300 } },
            { "id": "follow-up", "type": "SendEmail", "properties": { "template": "follow-up" }, "position": { "x": 0, "y": 450 } }
          ],
          "connections": [
            { "from": "welcome", "to": "hand-off" }, { "from": "hand-off", "to": "wait" }, { "from": "wait", "outcome": "Received", "to": "follow-up" }
          ] }
        """;

    [Fact]
    public async Task Simulating_a_draft_draws_its_counts_on_the_steps_and_charts_the_handoffs()
    {
        (await app.Host.Client.PutAsync("/api/journeys/sim-check/draft", new StringContent(Journey, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        int handoffsBefore;
        await using (var db = app.Host.CreateDbContext())
            handoffsBefore = await db.Handoffs.CountAsync();

        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/sim-check");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Simulate" });
        await panel.GetByLabel("Leads").FillAsync("40");
        await panel.GetByLabel("Horizon").SelectOptionAsync("P30D");
        await panel.GetByLabel("Runs").FillAsync("2");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Simulate" }).ClickAsync();

        await Expect(page.GetByTestId("sim-welcome")).ToContainTextAsync("entered 40", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("sim-hand-off")).ToContainTextAsync("entered 40");
        await Expect(page.GetByTestId("sim-emails")).Not.ToHaveTextAsync("0");
        await Expect(page.GetByTestId("sim-dead-ends")).ToContainTextAsync("wait → Timeout");
        var reps = panel.Locator("table.simulation-reps tbody tr");
        await Expect(reps).ToHaveCountAsync(1);
        await Expect(reps.Locator("td").Nth(0)).ToHaveTextAsync(WebAppFixture.SalesEmail);
        await Expect(reps.Locator("td").Nth(1)).ToHaveTextAsync("40");
        await Expect(reps.Locator("td").Nth(3)).ToHaveTextAsync("40"); // all handed off in the first hour, accepted four hours later
        await Expect(panel.GetByRole(AriaRole.Img, new() { Name = "Handoffs per week by rep" })).ToBeVisibleAsync();

        // Nothing real was handed off.
        await using (var db = app.Host.CreateDbContext())
            Assert.Equal(handoffsBefore, await db.Handoffs.CountAsync());
        Assert.True(app.ScriptErrors.IsEmpty, string.Join(Environment.NewLine, app.ScriptErrors));
    }
}
