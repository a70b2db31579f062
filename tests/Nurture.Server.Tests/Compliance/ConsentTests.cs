using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Compliance;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Compliance;

/// <summary>Double opt-in, consent records, the preference page, the open-tracking switch, GDPR export and erase.</summary>
public sealed class ConsentTests
{
    [Fact]
    public async Task Double_opt_in_sends_only_the_confirmation_until_the_POST_and_records_the_evidence()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new
        {
            email = "form@example.com",
            firstName = "Sam",
            consent = new { doubleOptIn = true, source = "webinar form", textVersion = "consent-v3", ipAddress = "203.0.113.5", userAgent = "Firefox/140" },
        });

        var confirmation = await stack.Smtp!.WaitForAsync("form@example.com", "Please confirm");
        var link = EmailLinks.PathOf(EmailLinks.Hrefs(confirmation.Html).Single(h => h.Contains("/confirm/", StringComparison.Ordinal)));
        Assert.DoesNotContain(EmailLinks.Hrefs(confirmation.Html), h => h.Contains("/t/c/", StringComparison.Ordinal));
        await host.DeliveryPassAsync(); // no welcome email behind it: the lead has not confirmed
        Assert.Single(stack.Smtp.To("form@example.com"));
        Assert.Equal("Pending", (await ConsentAsync(host, leadId)).GetProperty("optIn").GetString());

        // A scanner opening the link only sees the question.
        var page = await host.Client.GetAsync(link);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Pending", (await ConsentAsync(host, leadId)).GetProperty("optIn").GetString());

        using var confirm = new HttpRequestMessage(HttpMethod.Post, link);
        confirm.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(confirm)).StatusCode);

        await stack.Smtp.WaitForAsync("form@example.com", "Welcome, Sam");
        var consent = await ConsentAsync(host, leadId);
        Assert.Equal("Confirmed", consent.GetProperty("optIn").GetString());
        var records = consent.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal([ConsentKinds.OptInRequested, ConsentKinds.OptInConfirmed], records.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal(("webinar form", "consent-v3", "203.0.113.5", "Firefox/140"),
            (records[0].GetProperty("source").GetString(), records[0].GetProperty("textVersion").GetString(), records[0].GetProperty("ipAddress").GetString(), records[0].GetProperty("userAgent").GetString()));
        Assert.Equal(NurtureTestHost.BrowserAgent, records[1].GetProperty("userAgent").GetString());
    }

    [Fact]
    public async Task Double_opt_in_without_a_source_is_refused_with_the_field_named()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);

        var response = await stack.Host.Client.PostAsJsonAsync("/api/leads", new { email = "x@example.com", consent = new { doubleOptIn = true } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("consent.source", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Turning_a_topic_off_on_the_preference_page_cancels_that_topic_only_and_is_recorded()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "topics@example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("topics@example.com", "Welcome, Sam");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var preferences = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/u/", StringComparison.Ordinal)));

        var page = await (await host.Client.GetAsync(preferences)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"newsletter\" checked", page, StringComparison.Ordinal);
        var saved = await host.Client.PostAsync(preferences + "/topics", new FormUrlEncodedContent([new("topic", "product"), new("topic", "events")]));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // A real click a minute later would send the follow-up, whose topic is the newsletter.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).First(h => h.Contains("/t/c/", StringComparison.Ordinal)));
        using var request = new HttpRequestMessage(HttpMethod.Get, click);
        request.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        await host.Client.SendAsync(request);

        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Outbox.AnyAsync(m => m.LeadId == leadId && m.TemplateName == "follow-up" && m.Status == OutboxStatus.Cancelled);
        }, "the follow-up is cancelled for its topic");
        Assert.Single(stack.Smtp.To("topics@example.com"));
        var consent = await ConsentAsync(host, leadId);
        Assert.Equal(["newsletter"], consent.GetProperty("optedOutTopics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(consent.GetProperty("canReceiveMarketing").GetBoolean());
        Assert.Contains(consent.GetProperty("records").EnumerateArray(), r => r.GetProperty("kind").GetString() == ConsentKinds.TopicOptOut);
    }

    [Fact]
    public async Task With_open_tracking_off_the_next_email_has_no_pixel()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "private@example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("private@example.com", "Welcome, Sam");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        Assert.Contains(EmailLinks.ImageSources(welcome.Html), s => s.Contains("/t/o/", StringComparison.Ordinal));

        (await host.Client.PutAsJsonAsync($"/api/leads/{leadId}/consent", new { openTracking = false })).EnsureSuccessStatusCode();
        // The wait for a click times out after a week; two days later the nudge goes.
        foreach (var days in new[] { 7, 2 })
        {
            host.Clock.Advance(TimeSpan.FromDays(days));
            await host.Service<Core.Journeys.Runtime.TimerSweeper>().SweepAsync(CancellationToken.None);
        }

        var nudge = await stack.Smtp.WaitForAsync(e => e.To == "private@example.com" && e != welcome);
        Assert.DoesNotContain(EmailLinks.ImageSources(nudge.Html), s => s.Contains("/t/o/", StringComparison.Ordinal));
        Assert.Contains((await ConsentAsync(host, leadId)).GetProperty("records").EnumerateArray(), r => r.GetProperty("kind").GetString() == ConsentKinds.OpenTrackingOff);
    }

    [Fact]
    public async Task Export_holds_the_whole_history_and_erase_removes_it_but_remembers_the_opt_out()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "Forget.Me@Example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("forget.me@example.com", "Welcome, Sam");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var unsubscribe = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/u/", StringComparison.Ordinal)));
        (await host.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).EnsureSuccessStatusCode();

        var exported = await host.Client.GetAsync($"/api/leads/{leadId}/export");
        Assert.Contains("attachment", exported.Content.Headers.ContentDisposition?.ToString() ?? exported.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        var export = JsonDocument.Parse(await exported.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("forget.me@example.com", export.GetProperty("lead").GetProperty("email").GetString());
        Assert.Contains(export.GetProperty("emails").EnumerateArray(), e => e.GetProperty("templateName").GetString() == "welcome");
        Assert.Contains(export.GetProperty("signals").EnumerateArray(), s => s.GetProperty("type").GetString() == "unsubscribe");
        Assert.Contains(export.GetProperty("consent").EnumerateArray(), c => c.GetProperty("kind").GetString() == ConsentKinds.Unsubscribed);
        Assert.NotEmpty(export.GetProperty("journeys").EnumerateArray());

        List<Guid> messageIds;
        await using (var db = host.CreateDbContext())
            messageIds = await db.Outbox.Where(m => m.LeadId == leadId).Select(m => m.Id).ToListAsync();
        Assert.NotEmpty(messageIds);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/leads/{leadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/leads/{leadId}")).StatusCode);
        await using (var db = host.CreateDbContext())
        {
            Assert.Equal(0, await db.Signals.CountAsync(s => s.LeadId == leadId));
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.LeadId == leadId));
            Assert.Equal(0, await db.OutboxBodies.CountAsync(b => messageIds.Contains(b.MessageId)));
            Assert.Equal(0, await db.ConsentRecords.CountAsync(c => c.LeadId == leadId));
            Assert.Equal(0, await db.JourneyInstances.CountAsync(i => i.LeadId == leadId));
            Assert.Equal(0, await db.JourneyWaits.CountAsync(w => w.LeadId == leadId));
            Assert.Equal(0, await db.ScoreEntries.CountAsync(e => e.LeadId == leadId));
            // Only a one-way hash of the address stays, so the opt-out survives the erasure.
            var kept = Assert.Single(await db.SuppressedAddresses.ToListAsync());
            Assert.DoesNotContain("forget", kept.EmailHash, StringComparison.OrdinalIgnoreCase);
        }

        // The same person signs up again: the record starts opted out and nothing is sent.
        var again = await host.CreateLeadAsync(new { email = "forget.me@example.com", firstName = "Sam" });
        Assert.False((await ConsentAsync(host, again)).GetProperty("canReceiveMarketing").GetBoolean());
        await host.DeliveryPassAsync();
        Assert.Single(stack.Smtp.To("forget.me@example.com"));
    }

    [Fact]
    public async Task Erasing_a_lead_that_never_opted_out_keeps_nothing()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var leadId = await stack.Host.CreateLeadAsync(new { email = "plain@example.com" });

        Assert.Equal(HttpStatusCode.NoContent, (await stack.Host.Client.DeleteAsync($"/api/leads/{leadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Host.Client.DeleteAsync($"/api/leads/{leadId}")).StatusCode);

        await using var db = stack.Host.CreateDbContext();
        Assert.Empty(await db.SuppressedAddresses.ToListAsync());
        Assert.Equal(0, await db.Leads.CountAsync());
    }

    private static async Task<JsonElement> ConsentAsync(NurtureTestHost host, Guid leadId) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/leads/{leadId}/consent")).RootElement.Clone();
}
