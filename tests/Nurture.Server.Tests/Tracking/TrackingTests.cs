using System.Net;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Tracking;

/// <summary>Signed links, machine-hit labels and an honest unsubscribe, through the real server.</summary>
public sealed class TrackingTests : IAsyncLifetime
{
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;
    private TestSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _stack = await TestStack.StartAsync(smtp: true);
        (_host, _smtp) = (_stack.Host, _stack.Smtp!);
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("flip-a-character")]
    [InlineData("swap-the-signature")]
    [InlineData("garbage")]
    public async Task Tampered_click_token_gets_an_error_page_and_no_redirect(string tampering)
    {
        var (leadId, email) = await WelcomeAsync("tamper@example.com");
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/c/")));
        var other = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/d/")));
        var token = click["/t/c/".Length..];
        var forged = tampering switch
        {
            "flip-a-character" => token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..],
            "swap-the-signature" => token.Split('.')[0] + "." + other.Split('.')[1],
            _ => "not.a-token",
        };
        _host.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await _host.Client.GetAsync("/t/c/" + forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = _host.CreateDbContext();
        Assert.Equal(0, await db.Signals.CountAsync(s => s.LeadId == leadId));
    }

    [Fact]
    public async Task Apple_privacy_prefetch_and_fast_scanner_clicks_are_kept_but_do_not_score()
    {
        var (leadId, email) = await WelcomeAsync("machines@example.com");
        var pixel = EmailLinks.PathOf(EmailLinks.ImageSources(email.Html).Single(s => s.Contains("/t/o/")));
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/c/")));

        using var mpp = new HttpRequestMessage(HttpMethod.Get, pixel);
        mpp.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0");
        var pixelResponse = await _host.Client.SendAsync(mpp);
        Assert.Equal("image/gif", pixelResponse.Content.Headers.ContentType!.MediaType);
        Assert.True(pixelResponse.Headers.CacheControl!.NoStore);

        // A security gateway follows the link two seconds after delivery, with a browser agent.
        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await _host.Client.GetAsync(click)).StatusCode);

        await using var db = _host.CreateDbContext();
        var signals = await db.Signals.Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).ToListAsync();
        Assert.Collection(signals,
            open => Assert.Equal((SignalTypes.Open, SignalLabel.MachineOpen), (open.Type, open.Label)),
            scan =>
            {
                Assert.Equal((SignalTypes.Click, SignalLabel.Scanner), (scan.Type, scan.Label));
                Assert.Contains("after delivery", scan.LabelReason, StringComparison.Ordinal);
            });
        Assert.Equal(0, await db.ScoreEntries.CountAsync(e => e.LeadId == leadId));
        Assert.Equal(0, (await db.Leads.SingleAsync(l => l.Id == leadId)).EngagementScore);
    }

    [Fact]
    public async Task Unsubscribe_GET_only_asks_and_POST_unsubscribes_at_once()
    {
        var (leadId, email) = await WelcomeAsync("leaving@example.com");
        var unsubscribe = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/u/")));
        Assert.Contains(unsubscribe, email.Message.Headers["List-Unsubscribe"], StringComparison.Ordinal);

        var page = await _host.Client.GetAsync(unsubscribe);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = _host.CreateDbContext())
            Assert.Null((await db.Leads.SingleAsync(l => l.Id == leadId)).UnsubscribedAt);

        // RFC 8058 one-click: a POST with this body, answered 200 and no redirect.
        var oneClick = await _host.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);

        await using (var db = _host.CreateDbContext())
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
            Assert.NotNull(lead.UnsubscribedAt);
            Assert.Empty(await db.JourneyWaits.Where(w => w.LeadId == leadId).ToListAsync());
        }

        // Nothing more is sent: not the timeout's nudge a week later.
        _host.Clock.Advance(TimeSpan.FromDays(10));
        await _host.Service<Core.Journeys.Runtime.TimerSweeper>().SweepAsync(CancellationToken.None);
        await using (var db = _host.CreateDbContext())
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.LeadId == leadId && m.Kind == MessageKind.Marketing));
    }

    [Fact]
    public async Task Machine_hits_neither_score_nor_resume_the_journey_nor_unsubscribe()
    {
        var (leadId, email) = await WelcomeAsync("scanned@example.com");
        var hrefs = EmailLinks.Hrefs(email.Html);
        var click = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/t/c/")));
        var download = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/t/d/")));
        var honeypot = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/t/h/")));
        var unsubscribe = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/u/")));
        var waitsBefore = await WaitIdsAsync(leadId);
        Assert.NotEmpty(waitsBefore);

        // A gateway fetches every link right away, the unsubscribe page and the hidden link included.
        _host.Clock.Advance(TimeSpan.FromSeconds(3));
        foreach (var link in new[] { honeypot, click, download, unsubscribe })
            Assert.True((int)(await Get(link, NurtureTestHost.BrowserAgent)).StatusCode < 400, link);
        // Later, the same IP that followed the hidden link comes back with a browser agent: still a machine.
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Get(click, NurtureTestHost.BrowserAgent);
        await Get(click, "Mozilla/5.0 (compatible; Barracuda Sentinel)");

        await using var db = _host.CreateDbContext();
        var signals = await db.Signals.Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).ToListAsync();
        Assert.Equal(5, signals.Count);
        Assert.All(signals, s => Assert.NotEqual(SignalLabel.Human, s.Label));
        Assert.Contains(signals, s => s.LabelReason!.Contains("honeypot link of the same email", StringComparison.Ordinal));
        Assert.Contains(signals, s => s.LabelReason!.Contains("known scanner", StringComparison.Ordinal));
        Assert.Equal(0, await db.ScoreEntries.CountAsync(e => e.LeadId == leadId));
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        Assert.Equal((0, null), (lead.EngagementScore, lead.UnsubscribedAt));
        // Still waiting for a real click or download: no follow-up was queued.
        Assert.Equal(waitsBefore, await WaitIdsAsync(leadId));
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.LeadId == leadId));
    }

    [Fact]
    public async Task Burst_of_distinct_IPs_on_one_email_is_a_scanner_and_a_lone_reader_is_human()
    {
        var (leadId, email) = await WelcomeAsync("burst@example.com");
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/c/")));
        _host.Clock.Advance(TimeSpan.FromMinutes(30));

        // Through a reverse proxy on loopback (trusted by default), which forwards each client's address.
        // A second apart on the fake clock: each hit is judged by those before it, whatever order processing takes.
        foreach (var ip in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await Get(click, NurtureTestHost.BrowserAgent, forwardedFor: ip)).StatusCode);
            _host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // Two minutes later, the window has passed: one reader on one IP.
        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Get(click, NurtureTestHost.BrowserAgent, forwardedFor: "203.0.113.7");

        await using var db = _host.CreateDbContext();
        var hits = await db.Signals.Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).Select(s => new { s.Label, s.LabelReason, s.IpAddress }).ToListAsync();
        Assert.Equal([SignalLabel.Human, SignalLabel.Human, SignalLabel.Scanner, SignalLabel.Human], hits.Select(h => h.Label));
        Assert.Contains("burst of 3 distinct IPs", hits[2].LabelReason, StringComparison.Ordinal);
        Assert.Equal(["198.51.100.1", "198.51.100.2", "198.51.100.3", "203.0.113.7"], hits.Select(h => h.IpAddress));
    }

    [Fact]
    public async Task A_forwarded_address_from_a_proxy_that_is_not_trusted_is_ignored()
    {
        // Only 10.9.8.7 is a trusted proxy now; the test client (loopback) forging X-Forwarded-For is not.
        await _stack.StopHostAsync();
        _host = await _stack.StartHostAsync(o => o.WithSetting("Server:TrustedProxies:0", "10.9.8.7"));
        var (leadId, email) = await WelcomeAsync("forged@example.com");
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/c/")));
        _host.Clock.Advance(TimeSpan.FromMinutes(30));

        foreach (var ip in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
            await Get(click, NurtureTestHost.BrowserAgent, forwardedFor: ip);

        await using var db = _host.CreateDbContext();
        var hits = await db.Signals.Where(s => s.LeadId == leadId).Select(s => new { s.Label, s.IpAddress }).ToListAsync();
        // One reader clicking thrice, not a burst: one signal, its repeats counted on it.
        var hit = Assert.Single(hits);
        Assert.Equal(("127.0.0.1", SignalLabel.Human), (hit.IpAddress, hit.Label));
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_no_address_stops_start_up_and_is_named()
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _stack.StartHostAsync(o => o
            .WithSetting("Server:TrustedProxies:0", "10.0.0.0/8")
            .WithSetting("Server:TrustedProxies:1", "proxy.internal")));
        Assert.Equal("Server:TrustedProxies:1: 'proxy.internal' is neither an IP address nor a network such as 10.0.0.0/8.", error.Message);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://files.example.com/x")]
    [InlineData("//evil.example/phish")]
    public async Task Signed_link_to_a_non_web_destination_is_refused(string destination)
    {
        // Even a genuinely signed token (a template author's mistake, or a leaked key) never redirects off the web.
        var (leadId, email) = await WelcomeAsync($"redirect{Math.Abs(destination.GetHashCode(StringComparison.Ordinal))}@example.com");
        var messageId = (await _host.CreateDbContext().Outbox.SingleAsync(m => m.MessageIdHeader == email.Message.MessageId)).Id;
        var url = _host.Service<Core.Links.TrackingUrls>().Click(messageId, leadId, destination, _host.Clock.GetUtcNow());

        var response = await _host.Client.GetAsync(EmailLinks.PathOf(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Expired_link_gets_an_error_page()
    {
        var (_, email) = await WelcomeAsync("late@example.com");
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(email.Html).Single(h => h.Contains("/t/c/")));
        _host.Clock.Advance(TimeSpan.FromDays(401));

        var response = await _host.Client.GetAsync(click);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Lead_data_with_markup_renders_inert()
    {
        const string Name = "<script>alert(1)</script>";
        await _host.CreateLeadAsync(new { email = "inert@example.com", firstName = Name, company = "\"><img src=x onerror=alert(2)>" });
        var email = await _smtp.WaitForAsync(e => e.To == "inert@example.com");

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(email.Html);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Empty(document.QuerySelectorAll("img[onerror]"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains(Name, document.Body!.TextContent, StringComparison.Ordinal);
        // The plain-text part and the subject carry the name as written: they are not HTML.
        Assert.Contains(Name, email.Message.Subject, StringComparison.Ordinal);
    }

    private async Task<List<Guid>> WaitIdsAsync(Guid leadId)
    {
        await using var db = _host.CreateDbContext();
        return await db.JourneyWaits.Where(w => w.LeadId == leadId).OrderBy(w => w.Id).Select(w => w.Id).ToListAsync();
    }

    private Task<HttpResponseMessage> Get(string path, string agent, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", agent);
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        return _host.Client.SendAsync(request);
    }

    private async Task<(Guid LeadId, ReceivedEmail Email)> WelcomeAsync(string address)
    {
        var leadId = await _host.CreateLeadAsync(new { email = address, firstName = "Sam" });
        var welcome = await _smtp.WaitForAsync(address, "Welcome, Sam");
        await _host.WaitUntilRecordedAsSentAsync(welcome);
        return (leadId, welcome);
    }
}
