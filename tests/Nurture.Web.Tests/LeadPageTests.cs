using Microsoft.Playwright;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class LeadPageTests(WebAppFixture app)
{
    [Fact]
    public async Task The_lead_page_shows_machine_hits_as_such_the_score_explanation_and_the_suppression_state()
    {
        var leadId = await app.Host.CreateLeadAsync(new { email = "timeline@example.com", firstName = "Tim", lastName = "Line", company = "Clock Co" });
        var welcome = await app.Stack.Smtp!.WaitForAsync("timeline@example.com", "Welcome, Tim");
        await app.Host.WaitUntilRecordedAsSentAsync(welcome);
        var pixel = EmailLinks.PathOf(EmailLinks.ImageSources(welcome.Html).Single(s => s.Contains("/t/o/", StringComparison.Ordinal)));
        using (var prefetch = new HttpRequestMessage(HttpMethod.Get, pixel))
        {
            prefetch.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0"); // Apple Mail Privacy Protection
            await app.Host.Client.SendAsync(prefetch);
        }
        await app.Host.WaitUntilProcessedAsync(await app.Host.SignalAsync(new { type = "download", leadId, properties = new { asset = "guide.pdf" } }));
        var unsubscribe = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/u/", StringComparison.Ordinal)));
        (await app.Host.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).EnsureSuccessStatusCode();

        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, $"/leads/{leadId}");
        await Expect(page.GetByTestId("lead-name")).ToHaveTextAsync("Tim Line");

        // The timeline's "What" column names the signal; "Counted as" says who (or what) it was.
        await Expect(page.Locator("tr:has(td:nth-child(2):text-is('open')) td:nth-child(4)")).ToContainTextAsync("machine (MachineOpen");
        await Expect(page.Locator("tr:has(td:nth-child(2):text-is('download')) td:nth-child(4)")).ToHaveTextAsync("human");

        await Expect(page.Locator("section.card").Filter(new() { HasText = "Score:" })).ToContainTextAsync("engagement.download");
        await Expect(page.Locator("dt:text-is('Receives marketing') + dd")).ToHaveTextAsync("no");
        await Expect(page.Locator("dt:text-is('Unsubscribed') + dd")).Not.ToHaveTextAsync("—");
    }

    [Fact]
    public async Task A_long_timeline_comes_a_page_at_a_time_with_show_earlier()
    {
        var leadId = await app.Host.CreateLeadAsync(new { email = "long.timeline@example.com", firstName = "Long" });
        await using (var db = app.Host.CreateDbContext())
        {
            for (var i = 0; i < 150; i++)
            {
                var at = NurtureTestHost.Epoch.AddDays(-200).AddHours(i);
                db.Signals.Add(new Signal
                {
                    Id = Guid.CreateVersion7(at), LeadId = leadId, Type = "page_view", Source = "test", PropertiesJson = $$"""{ "page": "/p/{{i}}" }""",
                    OccurredAt = at, ReceivedAt = at, ProcessedAt = at,
                });
            }
            await db.SaveChangesAsync();
        }

        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, $"/leads/{leadId}");
        var views = page.Locator("tr:has(td:nth-child(2):text-is('page_view'))");
        await Expect(page.GetByText("/p/149", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("/p/0", new() { Exact = true })).ToHaveCountAsync(0);
        var firstPage = await views.CountAsync();
        Assert.InRange(firstPage, 90, 100);

        await page.GetByRole(AriaRole.Button, new() { Name = "Show earlier" }).ClickAsync();
        await Expect(page.GetByText("/p/0", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(views).ToHaveCountAsync(150);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show earlier" })).ToHaveCountAsync(0);
    }
}
