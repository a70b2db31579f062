using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Hosting;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Tracking;

/// <summary>
/// A replayed tracking link is one signal with a count, not a row per hit; and a lead's timeline is read a page
/// at a time, in the app and in the rep's email, however many signals it holds.
/// </summary>
public sealed class ReplayTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_same_client_replaying_a_link_is_counted_on_one_signal(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider);
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "replay@example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("replay@example.com", "Welcome, Sam");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).Single(h => h.Contains("/t/c/", StringComparison.Ordinal)));
        host.Clock.Advance(TimeSpan.FromMinutes(1)); // past the scanner window: a person

        for (var i = 0; i < 30; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await ClickFrom(host, click, "198.51.100.7")).StatusCode); // every replay still redirects
        await ClickFrom(host, click, "198.51.100.8"); // another client: a hit of its own
        var flushed = host.Service<RepeatedHitsFlush>().NextRoundAsync();
        host.Clock.Advance(RepeatedHits.FlushInterval);
        await flushed.WaitAsync(TimeSpan.FromSeconds(30));

        await using (var db = host.CreateDbContext())
        {
            var clicks = await db.Signals.Where(s => s.LeadId == leadId && s.Type == SignalTypes.Click).OrderBy(s => s.ReceivedAt).ToListAsync();
            Assert.Equal([29, 0], clicks.Select(c => c.Repeats));
            Assert.Equal(["198.51.100.7", "198.51.100.8"], clicks.Select(c => c.IpAddress));
        }

        host.Clock.Advance(TimeSpan.FromMinutes(1)); // the window is over: the same client's next click is new
        await ClickFrom(host, click, "198.51.100.7");
        await using (var db = host.CreateDbContext())
            Assert.Equal(3, await db.Signals.CountAsync(s => s.LeadId == leadId && s.Type == SignalTypes.Click));
    }

    [Fact]
    public async Task The_timeline_comes_a_page_at_a_time_and_the_reps_email_lists_the_latest()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "busy@example.com", firstName = "Busy" });
        await using (var db = host.CreateDbContext())
        {
            // A year of page views, already processed: 250 rows the pages must walk through.
            for (var i = 0; i < 250; i++)
            {
                var at = NurtureTestHost.Epoch.AddDays(-365).AddHours(i * 30);
                db.Signals.Add(new Signal
                {
                    Id = Guid.CreateVersion7(at), LeadId = leadId, Type = "page_view", Source = "test", PropertiesJson = $$"""{ "page": "/page/{{i}}" }""",
                    OccurredAt = at, ReceivedAt = at, ProcessedAt = at,
                });
            }
            await db.SaveChangesAsync();
        }

        var pages = new List<string>();
        string? before = null;
        do
        {
            var lead = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}" + (before is null ? "" : $"?before={Uri.EscapeDataString(before)}"));
            var timeline = lead.GetProperty("timeline").EnumerateArray().ToList();
            Assert.InRange(timeline.Count, 1, 100);
            pages.AddRange(timeline.Where(t => t.GetProperty("type").GetString() == "page_view").Select(t => t.GetProperty("detail").GetString()!));
            before = lead.GetProperty("timelineEarlier").ValueKind == JsonValueKind.Null ? null : lead.GetProperty("timelineEarlier").GetString();
        }
        while (before is not null);
        Assert.Equal(250, pages.Count);
        Assert.Equal(250, pages.Distinct().Count());

        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId, properties = new { form = "contact" } }));
        var notification = await stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL");
        Assert.Contains($"The latest {HandoffService.SignalsInEmail}; 201 earlier are on the lead's page.", notification.Html, StringComparison.Ordinal);
        Assert.Contains("/page/249", notification.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/page/199<", notification.Html, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ClickFrom(NurtureTestHost host, string click, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, click);
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36");
        return await host.Client.SendAsync(request);
    }
}
