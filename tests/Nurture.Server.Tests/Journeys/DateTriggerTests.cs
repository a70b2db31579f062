using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>
/// Journeys that start on a lead's date ("30 days before renewal", "every year on the sign-up date"),
/// through the same durable timer rows as delays: a changed date moves the row, the sweep fires it.
/// </summary>
public sealed class DateTriggerTests
{
    private const string Renewal = """
        { "id": "renewal", "name": "Renewal", "triggers": [ { "type": "DateReached", "field": "renewalDate", "offset": "-P30D" } ],
          "activities": [
            { "id": "tag", "type": "AddTag", "properties": { "tag": "renewal-soon" } },
            { "id": "send", "type": "SendEmail", "properties": { "template": "nudge" } } ],
          "connections": [ { "from": "tag", "to": "send" } ] }
        """;

    private const string Anniversary = """
        { "id": "anniversary", "name": "Anniversary", "settings": { "reentry": "afterExit" },
          "triggers": [ { "type": "DateReached", "field": "createdAt", "every": "P1Y", "at": "10:00" } ],
          "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "anniversary" } } ] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_date_field_starts_the_journey_thirty_days_before_and_a_changed_date_moves_the_timer(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Renewal], smtp: true, configure: o => o.WithSetting("Email:MaxHold", "30.00:00:00"));
        var host = stack.Host;
        // workflows/fields.json defines renewalDate as a date.
        var id = await host.CreateLeadAsync(new { email = "renews@example.com", firstName = "Rene", timeZone = "Europe/Paris", fields = new { renewalDate = "2026-03-01" } });

        // 30 days before 1 March, at 09:00 in Paris: one timer row, nothing else.
        var wait = Assert.Single(await DateWaitsAsync(host, id));
        Assert.Equal((new DateTimeOffset(2026, 1, 30, 8, 0, 0, TimeSpan.Zero), "renewal"), (wait.DueAt!.Value, wait.JourneyId));

        // The renewal moves to 1 April: the same row moves to 2 March.
        await host.CreateLeadAsync(new { email = "renews@example.com", fields = new { renewalDate = "2026-04-01" } });
        var moved = Assert.Single(await DateWaitsAsync(host, id));
        Assert.Equal((wait.Id, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)), (moved.Id, moved.DueAt!.Value));

        // Nothing fires before its day.
        host.Clock.Advance(new DateTimeOffset(2026, 3, 2, 7, 59, 0, TimeSpan.Zero) - host.Clock.GetUtcNow());
        Assert.Equal(0, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None));

        Assert.Equal(["renewal-soon"], (await host.LeadAsync(id)).Tags);
        await stack.Smtp!.WaitForAsync("renews@example.com", "Did you get a chance");
        Assert.Empty(await DateWaitsAsync(host, id)); // once: no "every"
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_journey_published_later_schedules_existing_leads_and_an_anniversary_repeats_every_year(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Renewal.Replace("renewalDate", "createdAt").Replace("-P30D", "P30D")]);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "loyal@example.com", firstName = "Lou" });
        Assert.Single(await DateWaitsAsync(host, id)); // the renewal-shaped journey on createdAt: 30 days after sign-up

        // Published from the designer after the lead signed up: the lead gets its timer at once.
        (await host.Client.PutAsync("/api/journeys/anniversary/draft", new StringContent(Anniversary))).EnsureSuccessStatusCode();
        (await host.Client.PostAsync("/api/journeys/anniversary/publish", null)).EnsureSuccessStatusCode();
        var anniversary = (await DateWaitsAsync(host, id)).Single(w => w.JourneyId == "anniversary");
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), anniversary.DueAt); // sign-up day, 10:00 UTC, still ahead

        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None);
        Assert.Contains("anniversary", (await host.LeadAsync(id)).Tags);
        var next = (await DateWaitsAsync(host, id)).Single(w => w.JourneyId == "anniversary");
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero), next.DueAt);

        // A year on, it fires again (re-entry after exit) and schedules 2028.
        host.Clock.Advance(new DateTimeOffset(2027, 1, 5, 10, 0, 0, TimeSpan.Zero) - host.Clock.GetUtcNow());
        await host.Service<TimerSweeper>().SweepAsync(CancellationToken.None);
        await using var db = host.CreateDbContext();
        Assert.Equal(2, await db.JourneyInstances.CountAsync(i => i.LeadId == id && i.JourneyId == "anniversary"));
        Assert.Equal(new DateTimeOffset(2028, 1, 5, 10, 0, 0, TimeSpan.Zero), (await DateWaitsAsync(host, id)).Single(w => w.JourneyId == "anniversary").DueAt);
    }

    [Fact]
    public async Task A_date_trigger_on_an_unknown_field_or_a_bad_period_is_refused_with_where_it_is()
    {
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false);
        var bad = """
            { "id": "bad-dates", "name": "Bad", "triggers": [ { "type": "DateReached", "field": "birthday" }, { "type": "DateReached", "field": "createdAt", "every": "yearly" } ],
              "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "x" } } ] }
            """;
        var response = await stack.Host.Client.PostAsync("/api/journeys/validate", new StringContent(bad));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("'birthday' is not a custom date field", text, StringComparison.Ordinal);
        Assert.Contains("triggers[0].field", text, StringComparison.Ordinal);
        Assert.Contains("'yearly' is not a positive date period", text, StringComparison.Ordinal);
        Assert.Contains("triggers[1].every", text, StringComparison.Ordinal);
    }

    private static async Task<List<JourneyWait>> DateWaitsAsync(NurtureTestHost host, Guid leadId)
    {
        await using var db = host.CreateDbContext();
        return await db.JourneyWaits.AsNoTracking().Where(w => w.LeadId == leadId && w.Kind == WaitKind.Date).ToListAsync();
    }
}
