using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads.Geography;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Delivery;

/// <summary>
/// Quiet hours in the lead's own zone (given or inferred), answers to the lead's own action going at once,
/// and campaign emails that could not go in time expiring instead of going late. A real SMTP server, a fake clock.
/// </summary>
public sealed class SendingTimeTests
{
    // A welcome that answers the sign-up, then a campaign email 22½ hours later.
    private const string Campaign = """
        { "id": "campaign", "name": "Campaign", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "welcome", "type": "SendEmail", "properties": { "template": "welcome" } },
            { "id": "wait", "type": "Delay", "properties": { "duration": "PT22H30M" } },
            { "id": "nudge", "type": "SendEmail", "properties": { "template": "nudge" } } ],
          "connections": [ { "from": "welcome", "to": "wait" }, { "from": "wait", "to": "nudge" } ] }
        """;

    private static Task<TestStack> StartAsync(string provider, Func<TestHostOptions, TestHostOptions>? more = null) =>
        TestStack.WithJourneysAsync(provider, [Campaign], smtp: true, configure: o =>
        {
            var options = o.WithSetting("Email:SendingHours:Start", "08:00").WithSetting("Email:SendingHours:End", "21:00");
            return more?.Invoke(options) ?? options;
        });

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_lead_without_a_time_zone_keeps_the_quiet_hours_of_its_country_not_UTCs(string provider)
    {
        await using var stack = await StartAsync(provider);
        var host = stack.Host;
        var paris = await host.CreateLeadAsync(new { email = "amelie@example.fr", firstName = "Amélie", country = "France" });
        var nowhere = await host.CreateLeadAsync(new { email = "sam@example.com", firstName = "Sam" });

        var lead = await host.LeadAsync(paris);
        Assert.Equal(("FR", "Europe/Paris", TimeZoneSource.Country), (lead.Country, lead.TimeZone, lead.TimeZoneSource));
        Assert.Equal(("UTC", TimeZoneSource.Default), ((await host.LeadAsync(nowhere)).TimeZone, (await host.LeadAsync(nowhere)).TimeZoneSource));
        var details = await host.GetLeadAsync(paris);
        Assert.Equal(("Europe/Paris", "Country"), (details.GetProperty("timeZone").GetString(), details.GetProperty("timeZoneSource").GetString()));
        await stack.Smtp!.WaitForAsync("amelie@example.fr", "Welcome");
        await stack.Smtp.WaitForAsync("sam@example.com", "Welcome");

        // Tuesday 07:30 UTC: 08:30 in Paris, the morning there; still night in UTC.
        host.Clock.Advance(TimeSpan.FromHours(22.5));
        Assert.Equal(2, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        await stack.Smtp.WaitForAsync("amelie@example.fr", "Did you get a chance");
        var held = await OutboxAsync(host, nowhere, "nudge", m => m.LastError != null);
        Assert.Equal(("quiet hours in UTC", NurtureTestHost.Epoch.Date.AddDays(1).AddHours(8)),
            (held.LastError, held.NextAttemptAt.UtcDateTime));
        Assert.Equal(OutboxStatus.Pending, held.Status);
    }

    [Fact]
    public async Task An_email_that_answers_the_leads_own_sign_up_goes_at_night_while_a_campaign_email_waits_for_the_morning()
    {
        await using var stack = await StartAsync("Sqlite");
        var host = stack.Host;
        // Monday 23:00 in London.
        host.Clock.Advance(TimeSpan.FromHours(14));
        var id = await host.CreateLeadAsync(new { email = "owl@example.co.uk", firstName = "Ollie", country = "UK" });

        var welcome = await stack.Smtp!.WaitForAsync("owl@example.co.uk", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var sent = await OutboxAsync(host, id, "welcome", m => m.SentAt != null);
        Assert.True(sent.IsResponse);

        // 22:30 later: Tuesday 21:30 in London, past the evening's end: held until Wednesday 08:00.
        host.Clock.Advance(TimeSpan.FromHours(22.5));
        Assert.Equal(1, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        var nudge = await OutboxAsync(host, id, "nudge", m => m.LastError != null);
        Assert.False(nudge.IsResponse);
        Assert.Equal(("quiet hours in Europe/London", new DateTime(2026, 1, 7, 8, 0, 0)), (nudge.LastError, nudge.NextAttemptAt.UtcDateTime));
    }

    [Fact]
    public async Task A_campaign_email_held_past_the_longest_hold_expires_with_its_reason_and_is_never_sent()
    {
        await using var stack = await StartAsync("Sqlite", o => o.WithSetting("Email:MaxHold", "06:00:00"));
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "late@example.com", firstName = "Lee", timeZone = "Pacific/Honolulu" });
        await stack.Smtp!.WaitForAsync("late@example.com", "Welcome");

        // Tuesday 07:30 UTC is 21:30 in Honolulu: the nudge is due but the morning there is 10½ hours away.
        host.Clock.Advance(TimeSpan.FromHours(22.5));
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None);
        var expired = await OutboxAsync(host, id, "nudge", m => m.Status != OutboxStatus.Pending);

        Assert.Equal(OutboxStatus.Expired, expired.Status);
        Assert.StartsWith("expired: quiet hours in Pacific/Honolulu held it until", expired.LastError, StringComparison.Ordinal);
        Assert.Contains("Email:MaxHold", expired.LastError, StringComparison.Ordinal);
        Assert.Equal(0, expired.Attempts);
        Assert.Null(expired.SentAt);
        Assert.DoesNotContain(stack.Smtp.To("late@example.com"), e => e.Message.Subject?.StartsWith("Did you get", StringComparison.Ordinal) == true);
        var timeline = (await host.GetLeadAsync(id)).GetProperty("timeline").EnumerateArray();
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "email" && t.GetProperty("status").GetString() == "Expired");
        var report = await host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/emails");
        var nudge = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("template").GetString() == "nudge");
        Assert.Equal((1, 0, 1), (nudge.GetProperty("queued").GetInt32(), nudge.GetProperty("sent").GetInt32(), nudge.GetProperty("expired").GetInt32()));
    }

    private static async Task<OutboxMessage> OutboxAsync(NurtureTestHost host, Guid leadId, string template, Func<OutboxMessage, bool> condition)
    {
        OutboxMessage? found = null;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            found = (await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId && m.TemplateName == template).ToListAsync()).FirstOrDefault(condition);
            return found is not null;
        }, $"the {template} email reaches the expected state");
        return found!;
    }
}
