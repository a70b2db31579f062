using System.Net;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Messaging;
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

    private async Task<(Guid LeadId, ReceivedEmail Email)> WelcomeAsync(string address)
    {
        var leadId = await _host.CreateLeadAsync(new { email = address, firstName = "Sam" });
        var welcome = await _smtp.WaitForAsync(address, "Welcome, Sam");
        await _host.WaitUntilRecordedAsSentAsync(welcome);
        return (leadId, welcome);
    }
}
