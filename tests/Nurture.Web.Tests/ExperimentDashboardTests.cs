using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nurture.Core.Messaging;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>Experiments in Chromium: a published step with variants shows, in the dashboard and beside the step in the designer, each variant, its emails still in their window, and no winner yet.</summary>
[Collection(WebCollection.Name)]
public sealed class ExperimentDashboardTests(WebAppFixture app)
{
    private const string Journey = """
        { "id": "exp-check", "name": "Experiment check", "triggers": [ { "type": "SignalReceived", "signalType": "experiment_check" } ],
          "activities": [ { "id": "send", "type": "SendEmail", "properties": {
            "template": "welcome", "variants": [ { "name": "A" }, { "name": "B", "subject": "Another subject" } ] } } ],
          "connections": [] }
        """;

    [Fact]
    public async Task A_running_experiment_shows_its_variants_and_the_emails_still_in_their_window()
    {
        var client = app.Host.Client;
        (await client.PutAsync("/api/journeys/exp-check/draft", new StringContent(Journey, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/journeys/exp-check/publish", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            var lead = await app.Host.CreateLeadAsync(new { email = $"experiment{i}@example.com", firstName = "Exp" });
            await app.Host.SignalAsync(new { type = "experiment_check", leadId = lead });
        }
        await Nurture.Server.Tests.Infrastructure.NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = app.Host.CreateDbContext();
            return await db.Outbox.CountAsync(m => m.ExperimentKey == "exp-check/send" && m.Status == OutboxStatus.Sent) == 3;
        }, "the three emails are delivered");

        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/dashboard");
        var table = page.GetByTestId("experiment-exp-check/send");
        await Expect(table.Locator("caption")).ToContainTextAsync("Experiment check / send: click within 7 days · running: no winner yet");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        var pending = 0;
        foreach (var row in await table.Locator("tbody tr").AllAsync())
        {
            await Expect(row.Locator("td").First).ToHaveTextAsync("0"); // no exposure counted before its 7 days are over
            pending += int.Parse(await row.Locator("td").Nth(1).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal(3, pending);

        // The designer shows the same beside the step's variants.
        await page.GotoAsync("/journeys/exp-check");
        await page.GetByTestId("node-send").ClickAsync();
        var summary = page.GetByTestId("experiment-summary");
        await Expect(summary).ToContainTextAsync("running, no winner yet");
        await Expect(summary.Locator("li")).ToHaveCountAsync(2);
        Assert.True(app.ScriptErrors.IsEmpty, string.Join(Environment.NewLine, app.ScriptErrors));
    }
}
