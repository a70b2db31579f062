using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Reports;

/// <summary>The dashboard's numbers: per journey and email (machine opens apart), and speed to lead.</summary>
public sealed class ReportTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Email_results_count_human_and_machine_opens_apart_and_speed_to_lead_measures_notify_and_accept(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: true);
        var (host, smtp) = (stack.Host, stack.Smtp!);
        var leadId = await host.CreateLeadAsync(new { email = "report@example.com", firstName = "Rae" });
        var welcome = await smtp.WaitForAsync("report@example.com", "Welcome, Rae");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var pixel = EmailLinks.PathOf(EmailLinks.ImageSources(welcome.Html).Single(s => s.Contains("/t/o/", StringComparison.Ordinal)));
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).First(h => h.Contains("/t/c/", StringComparison.Ordinal)));

        using (var mpp = new HttpRequestMessage(HttpMethod.Get, pixel))
        {
            mpp.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0"); // Apple Mail Privacy Protection's prefetch
            await host.Client.SendAsync(mpp);
        }
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Client.GetAsync(pixel);  // the lead opens it
        await host.Client.GetAsync(click);  // and clicks
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.Client.GetAsync(pixel);  // and reads it again
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return db.Signals.Count(s => s.LeadId == leadId) == 4;
        }, "four hits recorded");

        var report = await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/emails");
        var row = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("template").GetString() == "welcome");
        Assert.Equal("welcome-nurture", row.GetProperty("journey").GetString());
        Assert.Equal((1, 1, 0, 2, 1, 1), (row.GetProperty("sent").GetInt32(), row.GetProperty("delivered").GetInt32(), row.GetProperty("bounced").GetInt32(),
            row.GetProperty("humanOpens").GetInt32(), row.GetProperty("machineOpens").GetInt32(), row.GetProperty("clicks").GetInt32()));
        // Two opens by one lead: one reader.
        Assert.Equal((1, 1), (row.GetProperty("uniqueOpens").GetInt32(), row.GetProperty("uniqueClicks").GetInt32()));

        // A form makes the lead an MQL: the rep's email leaves at once; the rep accepts 10 minutes later.
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId, properties = new { form = "contact" } }));
        var notice = await smtp.WaitForAsync(NurtureTestHost.RepEmail, "Rae");
        await host.WaitUntilRecordedAsSentAsync(notice);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var handoffs = await host.Client.GetFromJsonAsync<JsonElement>("/api/handoffs");
        var handoffId = handoffs.GetProperty("handoffs").EnumerateArray().Single().GetProperty("id").GetGuid();
        (await host.Client.PostAsJsonAsync($"/api/handoffs/{handoffId}/accept", new { })).EnsureSuccessStatusCode();

        var speed = await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/speed-to-lead");
        Assert.Equal(1, speed.GetProperty("handoffs").GetInt32());
        Assert.Equal(0, speed.GetProperty("medianNotifySeconds").GetDouble()); // same instant on the fake clock
        Assert.Equal(600, speed.GetProperty("medianAcceptSeconds").GetDouble());
        Assert.Equal(host.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            speed.GetProperty("days").EnumerateArray().Single().GetProperty("day").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_funnel_by_cell_places_each_lead_by_fit_and_engagement_and_counts_who_is_with_sales(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "quiet@example.com" });
        var engaged = await host.CreateLeadAsync(new { email = "engaged@example.com" });
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId = engaged, properties = new { form = "contact" } }));

        var matrix = await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/matrix");

        var cells = matrix.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cell").GetString()!);
        Assert.Equal(16, cells.Count);
        Assert.Equal((1, 1, 0), (cells["D4"].GetProperty("leads").GetInt32(), cells["D4"].GetProperty("nurturing").GetInt32(), cells["D4"].GetProperty("withSales").GetInt32()));
        Assert.Equal((1, 0, 1), (cells["D2"].GetProperty("leads").GetInt32(), cells["D2"].GetProperty("nurturing").GetInt32(), cells["D2"].GetProperty("withSales").GetInt32()));
        Assert.Equal(2, cells.Values.Sum(c => c.GetProperty("leads").GetInt32()));
    }
}
