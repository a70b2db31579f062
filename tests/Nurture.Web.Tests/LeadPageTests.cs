using Microsoft.Playwright;
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
}
