using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nurture.Core.Handoff;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class SalesInboxTests(WebAppFixture app)
{
    [Fact]
    public async Task A_rep_accepts_a_lead_from_the_inbox_moves_it_on_and_cannot_open_the_designer()
    {
        var leadId = await app.HandedOffLeadAsync(new { email = "inbox@example.com", firstName = "Ines", lastName = "Box", company = "Inbox Ltd" });
        var page = await app.SignInAsync(WebAppFixture.SalesEmail);
        Assert.EndsWith("/inbox", page.Url, StringComparison.Ordinal);

        var row = page.GetByTestId($"handoff-{leadId}");
        await Expect(row).ToContainTextAsync("Ines Box");
        await Expect(row.Locator(".due")).ToContainTextAsync("left"); // the SLA countdown

        // The lead's profile, score explanation and timeline open beside the list.
        await row.GetByRole(AriaRole.Button, new() { Name = "Ines Box" }).ClickAsync();
        await Expect(page.GetByTestId("lead-name")).ToHaveTextAsync("Ines Box");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted inbox@example.com");
        await Expect(row).ToContainTextAsync("Accepted");
        await using (var db = app.Host.CreateDbContext())
        {
            var handoff = await db.Handoffs.SingleAsync(h => h.LeadId == leadId);
            Assert.Equal(HandoffStatus.Accepted, handoff.Status);
            Assert.Contains(await db.HandoffEvents.Where(e => e.HandoffId == handoff.Id).Select(e => e.Rep).ToListAsync(), rep => rep == WebAppFixture.SalesEmail);
        }

        // Moved on to SQL with a reason, recorded as the rep.
        await row.GetByLabel("Move to").SelectOptionAsync("Sql");
        await row.GetByLabel("Why").FillAsync("budget confirmed on the call");
        await row.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Moved to SQL");
        Assert.Equal(Nurture.Core.Leads.LeadStage.Sql, (await app.Host.LeadAsync(leadId)).Stage);

        // The designer is for marketers: the page answers 403 and says so, and so does its API.
        var response = await page.GotoAsync("/journeys/welcome-nurture");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "403 Forbidden" })).ToBeVisibleAsync();
        var api = await page.Context.APIRequest.GetAsync("/api/journeys");
        Assert.Equal((int)HttpStatusCode.Forbidden, api.Status);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Journeys" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_rep_sees_only_the_leads_handed_to_them()
    {
        var mine = await app.HandedOffLeadAsync(new { email = "mine@example.com", firstName = "Mine" });
        var other = await app.Host.CreateLeadAsync(new { email = "not-handed@example.com", firstName = "Other" });
        var page = await app.SignInAsync(WebAppFixture.SalesEmail);

        Assert.Equal(200, (await page.Context.APIRequest.GetAsync($"/api/leads/{mine}")).Status);
        Assert.Equal(403, (await page.Context.APIRequest.GetAsync($"/api/leads/{other}")).Status);
        Assert.Equal(403, (await page.Context.APIRequest.GetAsync($"/api/leads/{other}/score")).Status);
        Assert.Equal(403, (await page.GotoAsync($"/leads/{mine}"))!.Status); // the marketers' lead pages
    }

    [Fact]
    public async Task Admins_see_every_handoff_managers_their_teams_and_marketers_read_without_answering()
    {
        var leadId = await app.HandedOffLeadAsync(new { email = "team@example.com", firstName = "Tess", lastName = "Team" });

        // An admin is handed nothing, yet sees the team's leads.
        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/inbox");
        await Expect(admin.GetByTestId("inbox-caption")).ToContainTextAsync("in all teams");
        await Expect(admin.GetByTestId($"handoff-{leadId}")).ToContainTextAsync(WebAppFixture.SalesEmail);

        // The team's manager (a sales user) sees nothing of their own, then the team's handoffs and the lead.
        var manager = await app.SignInAsync(WebAppFixture.ManagerEmail);
        await Expect(manager.GetByTestId("inbox-caption")).ToContainTextAsync("handed to you");
        await Expect(manager.GetByTestId($"handoff-{leadId}")).ToHaveCountAsync(0);
        await manager.GetByLabel("Show").SelectOptionAsync("Team emea");
        await Expect(manager.GetByTestId("inbox-caption")).ToContainTextAsync("in team emea");
        var row = manager.GetByTestId($"handoff-{leadId}");
        await Expect(row).ToContainTextAsync("Tess Team");
        await row.GetByRole(AriaRole.Button, new() { Name = "Tess Team" }).ClickAsync();
        await Expect(manager.GetByTestId("lead-name")).ToHaveTextAsync("Tess Team");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, "inbox-team.png"), FullPage = true });
        // A manager of no other team asks for one: refused.
        Assert.Equal(403, (await manager.Context.APIRequest.GetAsync("/api/handoffs?team=americas")).Status);

        // A marketer reads the inbox but answers nothing: no buttons, and the API refuses.
        var marketer = await app.SignInAsync(WebAppFixture.MarketerEmail, "/inbox");
        await Expect(marketer.GetByTestId($"handoff-{leadId}")).ToContainTextAsync("Tess Team");
        await Expect(marketer.GetByText("Read-only: reps and admins answer handoffs.")).ToBeVisibleAsync();
        await Expect(marketer.GetByRole(AriaRole.Button, new() { Name = "Accept" })).ToHaveCountAsync(0);
        var handoffId = (await app.Host.CreateDbContext().Handoffs.SingleAsync(h => h.LeadId == leadId)).Id;
        var accept = await marketer.Context.APIRequest.PostAsync($"/api/handoffs/{handoffId}/accept", new() { DataObject = new { } });
        Assert.Equal(403, accept.Status);
    }
}
