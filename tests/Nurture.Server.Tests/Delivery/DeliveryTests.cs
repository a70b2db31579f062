using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Delivery;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Delivery;

/// <summary>What a receiving server sees, and what happens after it answers, through a real SMTP server.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Marketing_email_arrives_signed_with_one_click_headers_a_text_part_tracked_links_and_a_tokenised_return_path()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "inbox@example.com", firstName = "Sam" });
        var email = await stack.Smtp!.WaitForAsync("inbox@example.com", "Welcome, Sam");
        var message = email.Message;

        Assert.EndsWith("@nurture.localhost", message.MessageId, StringComparison.Ordinal);
        var listUnsubscribe = message.Headers["List-Unsubscribe"];
        Assert.Matches(@"^<https?://[^>]+/u/[^>]+>, <mailto:[^>]+>$", listUnsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.StartsWith("welcome:welcome-nurture:nurture:", message.Headers["Feedback-ID"], StringComparison.Ordinal);

        // DKIM verified against the public key, as a receiver would after fetching it from DNS.
        var signature = message.Headers[MimeKit.HeaderId.DkimSignature] ?? "";
        Assert.Contains("c=relaxed/relaxed", signature, StringComparison.Ordinal);
        Assert.Contains("list-unsubscribe-post", signature.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.True(await DkimKey.EnsureIn(stack.Temp.Path).VerifyAsync(message));

        Assert.Contains("Thanks for your interest", email.Text, StringComparison.Ordinal);
        var hrefs = EmailLinks.Hrefs(email.Html);
        Assert.DoesNotContain(hrefs, h => h.StartsWith("https://example.com", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.Contains("/t/c/", StringComparison.Ordinal));
        var unsubscribe = Assert.Single(hrefs, h => h.Contains("/u/", StringComparison.Ordinal));
        Assert.Contains(EmailLinks.PathOf(unsubscribe), listUnsubscribe, StringComparison.Ordinal);
        Assert.Single(EmailLinks.ImageSources(email.Html), s => s.Contains("/t/o/", StringComparison.Ordinal));
        var honeypot = new HtmlParser().ParseDocument(email.Html).QuerySelector("a[href*='/t/h/']");
        Assert.Contains("display:none", honeypot!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.DoesNotContain("inbox@example.com", string.Concat(hrefs), StringComparison.OrdinalIgnoreCase);

        Assert.Matches("^bounces\\+[a-z2-7]{42}@nurture\\.test$", email.EnvelopeFrom);
    }

    [Fact]
    public async Task Temporary_failure_is_retried_and_delivered_once_with_the_same_message_id()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        stack.Smtp!.Reply(to => to == "flaky@example.com", "451 4.3.0 Mailbox busy, try later");
        var leadId = await host.CreateLeadAsync(new { email = "flaky@example.com", firstName = "Sam" });

        var deferred = await OutboxWhenAsync(host, leadId, m => m.Attempts == 1 && m.Status == OutboxStatus.Pending);
        Assert.Contains("451", deferred.LastError, StringComparison.Ordinal);
        Assert.True(deferred.NextAttemptAt > NurtureTestHost.Epoch);

        host.Clock.Advance(deferred.NextAttemptAt - host.Clock.GetUtcNow());
        var email = await stack.Smtp.WaitForAsync("flaky@example.com", "Welcome");
        var sent = await OutboxWhenAsync(host, leadId, m => m.Status == OutboxStatus.Sent);

        Assert.Equal(sent.MessageIdHeader, email.Message.MessageId);
        Assert.Equal(deferred.MessageIdHeader, sent.MessageIdHeader);
        Assert.Equal(2, sent.Attempts);
        Assert.Single(stack.Smtp.To("flaky@example.com"));
    }

    [Fact]
    public async Task Permanent_rejection_is_a_hard_bounce_that_suppresses_the_lead_and_costs_score()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        stack.Smtp!.Reply(to => to == "gone@example.com", "550 5.1.1 No such user");
        var leadId = await host.CreateLeadAsync(new { email = "gone@example.com", firstName = "Sam" });

        var failed = await OutboxWhenAsync(host, leadId, m => m.Status == OutboxStatus.Failed);
        Assert.StartsWith("bounce 5.1.1", failed.Feedback, StringComparison.Ordinal);
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(leadId)).EngagementScore == -10, "the bounce costs 10 points");
        var lead = await host.LeadAsync(leadId);
        Assert.NotNull(lead.HardBouncedAt);
        await using var db = host.CreateDbContext();
        Assert.Empty(await db.JourneyWaits.Where(w => w.LeadId == leadId).ToListAsync());
        Assert.Equal(1, failed.Attempts);
        Assert.Empty(stack.Smtp.To("gone@example.com"));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_bounce_with_a_long_reply_still_suppresses_the_lead(string provider)
    {
        // Real servers explain themselves at length; the suppression signal's reason column holds 200
        // characters, and a reply cut to another column's length once failed the whole bounce on PostgreSQL.
        await using var stack = await TestStack.StartAsync(provider);
        var host = stack.Host;
        var reply = "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.example/mail/?p=NoSuchUser " + new string('x', 300);
        stack.Smtp!.Reply(to => to == "long-gone@example.com", reply);
        var leadId = await host.CreateLeadAsync(new { email = "long-gone@example.com" });

        var failed = await OutboxWhenAsync(host, leadId, m => m.Status == OutboxStatus.Failed);
        Assert.StartsWith("bounce 5.1.1", failed.Feedback, StringComparison.Ordinal);
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(leadId)).HardBouncedAt is not null, "the long bounce suppresses the lead");
        await using var db = host.CreateDbContext();
        var signal = await db.Signals.AsNoTracking().SingleAsync(s => s.LeadId == leadId && s.Type == "bounce");
        Assert.Equal(Signal.LabelReasonLength, signal.LabelReason!.Length);
    }

    [Fact]
    public async Task Policy_rejection_pauses_the_domain_raises_an_alert_and_resumes_when_resolved()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        stack.Smtp!.Reply(to => to.EndsWith("@strict.example", StringComparison.Ordinal), "550 5.7.1 Message rejected by policy: spam suspected");
        var first = await host.CreateLeadAsync(new { email = "one@strict.example", firstName = "Sam" });
        var held = await OutboxWhenAsync(host, first, m => m.Attempts == 1 && m.NextAttemptAt > host.Clock.GetUtcNow());
        Assert.Equal(OutboxStatus.Pending, held.Status);
        Assert.Null((await host.LeadAsync(first)).HardBouncedAt);

        var alerts = JsonDocument.Parse(await host.Client.GetStringAsync("/api/delivery/alerts")).RootElement.GetProperty("alerts");
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal(("strict.example", "5.7.1", true), (alert.GetProperty("domain").GetString(), alert.GetProperty("code").GetString(), alert.GetProperty("paused").GetBoolean()));

        // A second lead of the paused domain waits without an attempt; other domains still get their mail.
        var second = await host.CreateLeadAsync(new { email = "two@strict.example", firstName = "Kim" });
        await host.CreateLeadAsync(new { email = "fine@example.com", firstName = "Lou" });
        await stack.Smtp.WaitForAsync("fine@example.com", "Welcome");
        var waiting = await OutboxWhenAsync(host, second, m => m.LastError != null && m.LastError.Contains("paused", StringComparison.Ordinal));
        Assert.Equal(0, waiting.Attempts);

        var resolve = await host.Client.PostAsync($"/api/delivery/alerts/{alert.GetProperty("id").GetGuid()}/resolve", null);
        resolve.EnsureSuccessStatusCode();
        await stack.Smtp.WaitForAsync("one@strict.example", "Welcome");
        await stack.Smtp.WaitForAsync("two@strict.example", "Welcome");
    }

    [Fact]
    public async Task A_policy_rejection_holds_the_rest_of_the_same_batch_for_that_domain()
    {
        // Both emails are held by quiet hours, then fall due at the same moment: one claimed batch.
        await using var stack = await TestStack.StartAsync(configure: QuietHoursForAll);
        var host = stack.Host;
        stack.Smtp!.Reply(to => to.EndsWith("@strict.example", StringComparison.Ordinal), "550 5.7.1 Message rejected by policy: spam suspected");
        var leads = new List<Guid>();
        foreach (var name in new[] { "one", "two" })
        {
            var lead = await host.CreateLeadAsync(new { email = $"{name}@strict.example", firstName = "Sam", timeZone = "America/New_York" });
            await OutboxWhenAsync(host, lead, m => m.LastError != null && m.LastError.Contains("quiet hours", StringComparison.Ordinal));
            leads.Add(lead);
        }

        host.Clock.Advance(TimeSpan.FromHours(4));
        var rows = new List<OutboxMessage>();
        foreach (var lead in leads)
            rows.Add(await OutboxWhenAsync(host, lead, m => m.LastError != null && !m.LastError.Contains("quiet hours", StringComparison.Ordinal)));

        // The first was refused; the second learned of the pause in the same batch and was not tried.
        Assert.Single(stack.Smtp.Attempts, a => a.To.EndsWith("@strict.example", StringComparison.Ordinal));
        Assert.Equal([0, 1], rows.Select(m => m.Attempts).Order());
        Assert.Contains(rows, m => m.Attempts == 0 && m.LastError!.Contains("strict.example refused our mail for policy (5.7.1); paused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hard_bounce_cancels_the_leads_next_email_in_the_same_batch()
    {
        // Two journeys email the lead at once; quiet hours hold both, then they fall due together: one batch,
        // where the second is read while the first is with the SMTP server.
        static string Journey(string id, string template) => $$"""
            { "id": "{{id}}", "name": "{{id}}", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "{{template}}" } } ] }
            """;
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [Journey("first", "welcome"), Journey("second", "nudge")], smtp: true,
            configure: QuietHoursForAll);
        var host = stack.Host;
        stack.Smtp!.Reply(to => to == "gone@example.com", "550 5.1.1 No such user");
        var leadId = await host.CreateLeadAsync(new { email = "gone@example.com", firstName = "Sam", timeZone = "America/New_York" });
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Outbox.CountAsync(m => m.LeadId == leadId && m.LastError != null && m.LastError.Contains("quiet hours")) == 2;
        }, "both emails are held by quiet hours");

        host.Clock.Advance(TimeSpan.FromHours(4));
        var failed = await OutboxWhenAsync(host, leadId, m => m.Status == OutboxStatus.Failed);
        var cancelled = await OutboxWhenAsync(host, leadId, m => m.Status == OutboxStatus.Cancelled);

        // The bounce suppressed the address; the other email was never tried. Read ahead, the dispatcher's
        // re-check cancels it; still queued (on a busy machine the two can fall due a sweep apart), the
        // suppression cancels it in the bounce's own commit.
        Assert.Single(stack.Smtp.Attempts, a => a.To == "gone@example.com");
        Assert.Equal((1, 0), (failed.Attempts, cancelled.Attempts));
        Assert.Contains(cancelled.LastError, new[] { "lead unsubscribed, bounced or complained", "lead suppressed (HardBounce)" });

        // The report counts the refused email as bounced, never as sent or delivered.
        var report = await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/emails");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        int Total(string column) => rows.Sum(r => r.GetProperty(column).GetInt32());
        Assert.Equal((2, 0, 0, 1, 0, 1), (Total("queued"), Total("sent"), Total("delivered"), Total("bounced"), Total("failed"), Total("cancelled")));
    }

    [Fact]
    public async Task Refused_SMTP_credentials_raise_one_alert_and_leave_the_emails_queued_unspent()
    {
        await using var smtp = new TestSmtpServer(login: ("nurture", "right"));
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => (o with { SmtpPort = smtp.Port })
            .WithSetting("Email:Smtp:Username", "nurture").WithSetting("Email:Smtp:Password", "wrong").WithSetting("Email:Smtp:AllowCredentialsWithoutTls", "true").WithSetting("Email:Workers", "1"));
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "waits@example.com", firstName = "Wes" });

        // Refused: an alert names the problem. The worker keeps trying after pauses, and says so once.
        await using var db = host.CreateDbContext();
        await NurtureTestHost.EventuallyAsync(() => db.DeliveryAlerts.AnyAsync(), "an alert");
        var logins = smtp.Logins;
        // A whole refused pass after the alert; the one worker then pauses (at least 1.6 s) before the next,
        // so what it left behind can be read.
        await host.DeliveryPassAsync();
        Assert.True(smtp.Logins > logins);
        var alert = Assert.Single(await db.DeliveryAlerts.AsNoTracking().Where(a => a.Code == DeliveryAlert.SmtpSetupCode).ToListAsync());
        Assert.Equal("127.0.0.1", alert.Domain);
        Assert.Contains("Email:Smtp:Password", alert.Detail, StringComparison.Ordinal);

        // The welcome email is not the lead's fault: still pending, no attempt spent, its lease given back.
        var welcome = await db.Outbox.AsNoTracking().SingleAsync(m => m.LeadId == leadId);
        Assert.Equal((OutboxStatus.Pending, 0, (string?)null), (welcome.Status, welcome.Attempts, welcome.LeaseOwner));
        Assert.Null((await host.LeadAsync(leadId)).HardBouncedAt);
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task Crash_between_queueing_and_sending_sends_once()
    {
        // First life: the SMTP server is unreachable, so the email stays queued.
        await using var stack = await TestStack.StartAsync(configure: o => o with { SmtpPort = 1 });
        var leadId = await stack.Host.CreateLeadAsync(new { email = "crash@example.com", firstName = "Sam" });
        var queued = await OutboxWhenAsync(stack.Host, leadId, m => m.Attempts >= 1);
        var clock = stack.Host.Clock;

        // Then it died while a worker held the message: leased, not sent. (Deferred to a later time, so
        // this host leaves the row alone while the fake clock stands still.)
        await using (var db = stack.Host.CreateDbContext())
        {
            var row = await db.Outbox.SingleAsync(m => m.Id == queued.Id);
            row.LeaseOwner = "crashed-node";
            row.LeaseUntil = clock.GetUtcNow() + TimeSpan.FromMinutes(5);
            await db.SaveChangesAsync();
        }
        await stack.StopHostAsync();

        var host = await stack.StartHostAsync(o => o with { SmtpPort = stack.Smtp!.Port, Clock = clock });
        clock.Advance(TimeSpan.FromHours(1));
        var email = await stack.Smtp!.WaitForAsync("crash@example.com", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(email);

        clock.Advance(TimeSpan.FromHours(1));
        await host.DeliveryPassAsync();
        Assert.Single(stack.Smtp.To("crash@example.com"));
        await using var check = host.CreateDbContext();
        Assert.Equal(1, await check.Outbox.CountAsync(m => m.LeadId == leadId));
    }

    [Fact]
    public async Task Weekly_cap_holds_the_lower_priority_email_until_a_place_frees_up()
    {
        static string Journey(string id, int priority, string template) => $$"""
            { "id": "{{id}}", "name": "{{id}}", "triggers": [ { "type": "LeadCreated" } ], "settings": { "priority": {{priority}} },
              "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "{{template}}" } } ] }
            """;
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [Journey("low", 0, "nudge"), Journey("high", 5, "welcome")], smtp: true,
            configure: o => o.WithSetting("Email:MaxMarketingPerWeek", "1"));
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "capped@example.com", firstName = "Sam" });

        var welcome = await stack.Smtp!.WaitForAsync("capped@example.com", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var held = await OutboxWhenAsync(host, leadId, m => m.JourneyId == "low" && m.LastError != null);
        Assert.Equal(OutboxStatus.Pending, held.Status);
        Assert.Contains("weekly cap of 1", held.LastError, StringComparison.Ordinal);
        Assert.Equal(NurtureTestHost.Epoch + TimeSpan.FromDays(7), held.NextAttemptAt);

        host.Clock.Advance(TimeSpan.FromDays(7));
        await stack.Smtp.WaitForAsync("capped@example.com", "Did you get a chance");
        Assert.Equal(2, stack.Smtp.To("capped@example.com").Count);
    }

    [Fact]
    public async Task Quiet_hours_in_the_leads_time_zone_hold_the_email_until_morning()
    {
        await using var stack = await TestStack.StartAsync(configure: QuietHoursForAll);
        var host = stack.Host;
        // 09:00 UTC is 04:00 in New York.
        var leadId = await host.CreateLeadAsync(new { email = "night@example.com", firstName = "Sam", timeZone = "America/New_York" });

        var held = await OutboxWhenAsync(host, leadId, m => m.LastError != null);
        Assert.Contains("quiet hours in America/New_York", held.LastError, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.Zero), held.NextAttemptAt);

        host.Clock.Advance(TimeSpan.FromHours(4));
        await stack.Smtp!.WaitForAsync("night@example.com", "Welcome");
    }

    /// <summary>Quiet hours from 08:00 to 21:00 for every marketing email, welcome emails included (no response window).</summary>
    private static TestHostOptions QuietHoursForAll(TestHostOptions options) => options
        .WithSetting("Email:SendingHours:Start", "08:00").WithSetting("Email:SendingHours:End", "21:00")
        .WithSetting("Email:ResponseWindow", "00:00:00");

    [Fact]
    public async Task Domain_rate_limit_holds_what_is_over_it()
    {
        await using var stack = await TestStack.StartAsync(configure: o => o.WithSetting("Email:DomainRatesPerMinute:slow.example", "2"));
        var host = stack.Host;
        var leads = new List<Guid>();
        for (var i = 0; i < 4; i++)
            leads.Add(await host.CreateLeadAsync(new { email = $"r{i}@slow.example", firstName = "Sam" }));

        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Outbox.CountAsync(m => m.RecipientDomain == "slow.example" && (m.Status == OutboxStatus.Sent || m.LastError != null)) == 4;
        }, "all four were sent or held");
        await using var check = host.CreateDbContext();
        var rows = await check.Outbox.Where(m => m.RecipientDomain == "slow.example").ToListAsync();
        Assert.Equal(2, rows.Count(m => m.Status == OutboxStatus.Sent));
        Assert.All(rows.Where(m => m.Status != OutboxStatus.Sent), m => Assert.Contains("rate limit for slow.example", m.LastError, StringComparison.Ordinal));
        Assert.Equal(2, stack.Smtp!.Received.Count(e => e.To.EndsWith("@slow.example", StringComparison.Ordinal)));
    }

    private static async Task<OutboxMessage> OutboxWhenAsync(NurtureTestHost host, Guid leadId, Func<OutboxMessage, bool> condition)
    {
        OutboxMessage? found = null;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            found = (await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId).ToListAsync()).FirstOrDefault(condition);
            return found is not null;
        }, "the outbox row reaches the expected state");
        return found!;
    }
}
