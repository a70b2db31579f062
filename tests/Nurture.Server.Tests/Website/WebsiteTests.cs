using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Website;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Website;

/// <summary>
/// The site's page views through the public route: kept against an anonymous visitor, joined to the lead (with
/// their own time, in the ledger) when a tracked click carries its identity; consent, Do Not Track, origins and
/// bots respected.
/// </summary>
public sealed class WebsiteTests
{
    public const string Site = "acme";
    public const string Origin = "https://example.com"; // where the welcome email's product-tour link goes

    public static Func<TestHostOptions, TestHostOptions> WithSite(string? modelFile = null) => o =>
    {
        o = o.WithSetting("Website:Sites:0:Key", Site).WithSetting("Website:Sites:0:Origins:0", Origin);
        return modelFile is null ? o : o.WithSetting("Scoring:ModelFile", modelFile);
    };

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Anonymous_visits_join_the_lead_after_a_tracked_click_and_score_as_of_when_they_happened(string provider)
    {
        using var temp = new TempDirectory();
        var model = Path.Combine(temp.Path, "model.json");
        await File.WriteAllTextAsync(model, """
            { "version": 1, "mqlThreshold": 1000,
              "engagement": [
                { "name": "pricing-page", "signal": "page_view", "filters": { "url": "/pricing*" }, "points": 10 },
                { "signal": "page_view", "points": 1 },
                { "signal": "click", "points": 5 } ] }
            """);
        await using var stack = await TestStack.StartAsync(provider, configure: WithSite(model));
        var host = stack.Host;
        var visitor = Guid.NewGuid();
        var firstVisit = host.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.NoContent, (await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/pricing?utm_source=ads", title = "Pricing" })).StatusCode);
        host.Clock.Advance(TimeSpan.FromDays(2));
        await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/blog/routing", title = "Routing" });
        await using (var db = host.CreateDbContext())
        {
            Assert.Equal(2, await db.WebsiteHits.CountAsync(h => h.VisitorId == visitor));
            Assert.Equal(0, await db.Signals.CountAsync(s => s.Type == SignalTypes.PageView));
        }

        host.Clock.Advance(TimeSpan.FromDays(3));
        var leadId = await host.CreateLeadAsync(new { email = "visitor@example.com", firstName = "Vi" });
        var welcome = await stack.Smtp!.WaitForAsync("visitor@example.com", "Welcome, Vi");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var tour = EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/t/c/", StringComparison.Ordinal)); // the product tour
        var landing = await ClickTarget(host, EmailLinks.PathOf(tour));
        Assert.StartsWith($"{Origin}/product-tour?{VisitorLinks.Parameter}=", landing);
        var token = Uri.UnescapeDataString(landing[(landing.IndexOf('=') + 1)..]);

        // The landing page's script: the same browser, with the identity the click carried.
        Assert.Equal(HttpStatusCode.NoContent, (await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/product-tour", identity = token })).StatusCode);
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Signals.CountAsync(s => s.LeadId == leadId && s.Type == SignalTypes.PageView && s.ProcessedAt != null) == 3;
        }, "the visitor's three page views processed on the lead");

        await using (var db = host.CreateDbContext())
        {
            Assert.Equal(0, await db.WebsiteHits.CountAsync());
            var tied = await db.Visitors.SingleAsync(v => v.Id == visitor);
            Assert.Equal((leadId, "email click"), (tied.LeadId, tied.IdentifiedBy));
            var views = await db.Signals.Where(s => s.LeadId == leadId && s.Type == SignalTypes.PageView).OrderBy(s => s.OccurredAt).ToListAsync();
            Assert.Equal(firstVisit, views[0].OccurredAt);
            using var first = JsonDocument.Parse(views[0].PropertiesJson!);
            Assert.Equal("/pricing", first.RootElement.GetProperty("path").GetString());
            Assert.Equal("ads", first.RootElement.GetProperty("utm_source").GetString());
            // Scored through the ledger as of the visit: the pricing rule on the first day, the plain rule after.
            var entries = await db.ScoreEntries.Where(e => e.LeadId == leadId && e.Dimension == ScoringService.Engagement).OrderBy(e => e.At).ToListAsync();
            Assert.Equal(("engagement.pricing-page", 10, firstVisit), (entries[0].Rule, entries[0].Delta, entries[0].At));
            Assert.Equal(("engagement.page_view", 1), (entries[1].Rule, entries[1].Delta));
        }
    }

    [Fact]
    public async Task An_identity_token_works_once_and_only_for_a_site()
    {
        await using var stack = await TestStack.StartAsync(configure: WithSite());
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "once@example.com" });
        var links = host.Service<VisitorLinks>();
        Assert.Equal("https://elsewhere.test/x", links.Decorate(new Uri("https://elsewhere.test/x"), leadId).AbsoluteUri);
        var landing = links.Decorate(new Uri($"{Origin}/x?a=1"), leadId);
        var token = Uri.UnescapeDataString(landing.Query.Split($"{VisitorLinks.Parameter}=")[1]);

        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await HitAsync(host, new { site = Site, visitor = first, type = "page_view", url = $"{Origin}/x", identity = token });
        await HitAsync(host, new { site = Site, visitor = second, type = "page_view", url = $"{Origin}/x", identity = token }); // forwarded link: a replay
        await HitAsync(host, new { site = Site, visitor = second, type = "page_view", url = $"{Origin}/x", identity = token + "x" }); // forged
        // A visit without JavaScript (the noscript image): kept as a machine's.
        using (var pixel = new HttpRequestMessage(HttpMethod.Get, $"/w/p.gif?site={Site}"))
        {
            pixel.Headers.Referrer = new Uri($"{Origin}/e");
            pixel.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
            pixel.Headers.Add("X-Forwarded-For", "203.0.113.9");
            var response = await host.Client.SendAsync(pixel);
            Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        }
        await using var db = host.CreateDbContext();
        Assert.Equal(leadId, (await db.Visitors.SingleAsync(v => v.Id == first)).LeadId);
        Assert.Null((await db.Visitors.SingleAsync(v => v.Id == second)).LeadId);
        Assert.Equal(2, await db.WebsiteHits.CountAsync(h => h.VisitorId == second));
        var noScript = await db.WebsiteHits.SingleAsync(h => h.VisitorId == null);
        Assert.Equal((SignalLabel.Scanner, "no JavaScript (the noscript image)"), (noScript.Label, noScript.LabelReason));
    }

    [Fact]
    public async Task Consent_do_not_track_origins_and_bots_are_respected()
    {
        await using var stack = await TestStack.StartAsync(configure: o => WithSite()(o)
            .WithSetting("Website:RequireConsent", "true").WithSetting("Website:HonourDoNotTrack", "true"));
        var host = stack.Host;
        var visitor = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/b", consent = true }, dnt: true)).StatusCode);
        var foreign = await HitAsync(host, new { site = Site, visitor, type = "page_view", url = "https://evil.test/", consent = true }, origin: "https://evil.test");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NotFound, (await HitAsync(host, new { site = "nope", visitor, type = "page_view", consent = true })).StatusCode);
        await using (var db = host.CreateDbContext())
            Assert.Equal(0, await db.WebsiteHits.CountAsync() + await db.Visitors.CountAsync()); // nothing before consent, nothing under DNT

        var allowed = await HitAsync(host, new { site = Site, visitor, type = "page_view", url = $"{Origin}/c", consent = true });
        Assert.Equal(Origin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await HitAsync(host, new { site = Site, visitor = Guid.NewGuid(), type = "page_view", url = $"{Origin}/d", consent = true }, agent: "Mozilla/5.0 (compatible; Googlebot/2.1)");
        await using (var db = host.CreateDbContext())
        {
            var hits = await db.WebsiteHits.OrderBy(h => h.OccurredAt).ThenBy(h => h.Id).ToListAsync();
            Assert.Equal([SignalLabel.Human, SignalLabel.Scanner], hits.Select(h => h.Label));
            Assert.Equal("known bot user agent (bot)", hits[1].LabelReason);
        }
    }

    [Fact]
    public async Task The_script_is_served_cacheable_with_the_servers_settings()
    {
        await using var stack = await TestStack.StartAsync(configure: o => WithSite()(o).WithSetting("Website:RequireConsent", "true"));
        var response = await stack.Host.Client.GetAsync("/w.js");
        var script = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"requireConsent\":true", script, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(script), 1000, 16 * 1024);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/w.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await stack.Host.Client.SendAsync(again)).StatusCode);
    }

    public static async Task<HttpResponseMessage> HitAsync(NurtureTestHost host, object body, string origin = Origin, bool dnt = false, string agent = NurtureTestHost.BrowserAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/hit") { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", origin);
        request.Headers.TryAddWithoutValidation("User-Agent", agent);
        request.Headers.Add("X-Forwarded-For", "198.51.100.20");
        if (dnt)
            request.Headers.Add("Sec-GPC", "1");
        return await host.Client.SendAsync(request);
    }

    private static async Task<string> ClickTarget(NurtureTestHost host, string click)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, click);
        request.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        var response = await host.Client.SendAsync(request);
        return response.Headers.Location?.AbsoluteUri ?? "";
    }
}
