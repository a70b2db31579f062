using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Compliance;

/// <summary>Once a lead unsubscribes, bounces or complains, no journey reaches them again.</summary>
public sealed class SuppressionTests
{
    private static readonly string[] Journeys =
    [
        """
        { "id": "welcome", "name": "Welcome", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "welcome" } } ] }
        """,
        """
        { "id": "webinar-follow-up", "name": "Webinar follow-up", "triggers": [ { "type": "SignalReceived", "signalType": "webinar" } ],
          "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "nudge" } } ] }
        """,
    ];

    [Theory]
    [InlineData("unsubscribe", "Unsubscribed")]
    [InlineData("bounce report", "HardBounce")]
    [InlineData("complaint report", "Complaint")]
    public async Task Suppressed_lead_receives_nothing_from_any_journey(string how, string expected)
    {
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", Journeys, smtp: true);
        var host = stack.Host;
        var smtp = stack.Smtp!;

        var leadId = await host.CreateLeadAsync(new { email = "suppressed@example.com", firstName = "Sam" });
        var welcome = await smtp.WaitForAsync("suppressed@example.com", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(welcome);

        var response = how switch
        {
            "unsubscribe" => await host.Client.PostAsync(EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/u/", StringComparison.Ordinal))),
                new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])),
            "bounce report" => await PostReportAsync(host, FeedbackReports.HardBounce(welcome)),
            _ => await PostReportAsync(host, FeedbackReports.Complaint(welcome)),
        };
        response.EnsureSuccessStatusCode();
        if (how != "unsubscribe")
        {
            var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(expected, result.GetProperty("kind").GetString());
            Assert.True(result.GetProperty("suppressed").GetBoolean());
        }

        // Another journey's trigger fires for the lead afterwards.
        var signal = await host.SignalAsync(new { type = "webinar", leadId, properties = new { name = "Scoring 101" } });
        await host.WaitUntilProcessedAsync(signal);
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.DeliveryPassAsync();

        Assert.Single(smtp.To("suppressed@example.com"));
        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.LeadId == leadId && m.Kind == MessageKind.Marketing && m.Status != OutboxStatus.Sent && m.Status != OutboxStatus.Cancelled));
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        Assert.False(lead.CanReceiveMarketing);
        Assert.Equal(expected, (lead.UnsubscribedAt, lead.HardBouncedAt, lead.ComplainedAt) switch
        {
            ({ }, null, null) => "Unsubscribed",
            (null, { }, null) => "HardBounce",
            (null, null, { }) => "Complaint",
            var other => other.ToString(),
        });
    }

    [Fact]
    public async Task Bounce_and_complaint_cost_score_and_a_forged_return_path_matches_nothing()
    {
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", Journeys, smtp: true);
        var host = stack.Host;
        var bouncedId = await host.CreateLeadAsync(new { email = "bounced@example.com", firstName = "Sam" });
        var complainedId = await host.CreateLeadAsync(new { email = "complained@example.com", firstName = "Kim" });
        var bounced = await stack.Smtp!.WaitForAsync("bounced@example.com", "Welcome");
        var complained = await stack.Smtp.WaitForAsync("complained@example.com", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(bounced);
        await host.WaitUntilRecordedAsSentAsync(complained);

        // A report whose token was tampered with, and whose Message-ID is not ours, suppresses no one.
        var token = bounced.EnvelopeFrom["bounces+".Length..bounced.EnvelopeFrom.IndexOf('@', StringComparison.Ordinal)];
        var tampered = token[..10] + (token[10] == 'a' ? 'b' : 'a') + token[11..];
        var forged = FeedbackReports.HardBounce(bounced with { EnvelopeFrom = bounced.EnvelopeFrom.Replace(token, tampered, StringComparison.Ordinal) })
            .Replace(bounced.Message.MessageId!, "someone-else@elsewhere.example", StringComparison.Ordinal);
        var unmatched = JsonDocument.Parse(await (await PostReportAsync(host, forged)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unmatched", unmatched.GetProperty("kind").GetString());
        Assert.Null((await host.LeadAsync(bouncedId)).HardBouncedAt);

        (await PostReportAsync(host, FeedbackReports.HardBounce(bounced))).EnsureSuccessStatusCode();
        (await PostReportAsync(host, FeedbackReports.Complaint(complained))).EnsureSuccessStatusCode();
        // The same report twice (mailbox re-read) costs once.
        (await PostReportAsync(host, FeedbackReports.Complaint(complained))).EnsureSuccessStatusCode();

        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(bouncedId)).EngagementScore == -10, "the bounce costs 10 points");
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(complainedId)).EngagementScore == -50, "the complaint costs 50 points");
        await using var db = host.CreateDbContext();
        Assert.Equal(1, await db.Signals.CountAsync(s => s.LeadId == complainedId && s.Type == SignalTypes.Complaint));
        var outbox = await db.Outbox.SingleAsync(m => m.MessageIdHeader == complained.Message.MessageId);
        Assert.StartsWith("complaint abuse", outbox.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_that_is_not_mime_or_not_a_report_gets_a_clear_answer()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var empty = await stack.Host.Client.PostAsync("/api/delivery/feedback", new StringContent("", Encoding.UTF8, "message/rfc822"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        var autoReply = await PostReportAsync(stack.Host, "From: someone@example.com\r\nTo: bounces@nurture.test\r\nSubject: Out of office\r\n\r\nBack Monday.\r\n");
        var result = await autoReply.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("NotAReport", result.GetProperty("kind").GetString());
    }

    private static Task<HttpResponseMessage> PostReportAsync(NurtureTestHost host, string report) =>
        host.Client.PostAsync("/api/delivery/feedback", new StringContent(report, Encoding.UTF8, "message/rfc822"));
}
