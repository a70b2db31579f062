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
}
