using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Reports;

/// <summary>
/// The content report over real signals, ledger and stage changes: each reading counted in the stage its
/// lead was in, and as moved on when the lead reached a later stage within 30 days.
/// </summary>
public sealed class ContentReportTests
{
    private const string Blog = "https://www.example.com/blog/why-leads-go-cold";
    private const string Whitepaper = "whitepaper-lead-nurturing.pdf";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Readings_count_in_the_stage_of_their_reader_and_as_moved_on_when_it_moved_within_30_days(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, []);
        var host = stack.Host;
        var start = host.Clock.GetUtcNow();
        var (ada, bob, cy) = (await Lead(host, "ada"), await Lead(host, "bob"), await Lead(host, "cy"));

        // Ada and Bob read the blog post while becoming aware.
        await SignalAsync(host, new { type = "page_view", leadId = ada, properties = new { url = Blog + "?utm_source=ads" } });
        await SignalAsync(host, new { type = "page_view", leadId = bob, properties = new { url = Blog } });
        // Two days on, Ada downloads the white paper (+10 of an MQL threshold of 15: considering), and so does Cy.
        host.Clock.Advance(TimeSpan.FromDays(2));
        await SignalAsync(host, new { type = "download", leadId = ada, properties = new { asset = Whitepaper } });
        await SignalAsync(host, new { type = "download", leadId = cy, properties = new { asset = Whitepaper } });
        // Five days on, Cy asks for a demo (+50) and becomes an MQL.
        host.Clock.Advance(TimeSpan.FromDays(5));
        await SignalAsync(host, new { type = "form", leadId = cy, properties = new { form = "demo-request" } });
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(cy)).Stage == LeadStage.Mql, "Cy is an MQL");

        host.Clock.Advance(TimeSpan.FromDays(31)); // every reading's 30 days are over
        var report = await host.Client.GetFromJsonAsync<JsonElement>($"/api/reports/content?from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}");

        var blog = Asset(report, "why-leads-go-cold");
        Assert.Equal((2, 2), (blog.GetProperty("pageViews").GetInt32(), blog.GetProperty("leads").GetInt32()));
        Assert.Equal((2, 1, 0), Row(blog, "awareness")); // Ada moved on to considering, Bob did not
        var whitepaper = Asset(report, Whitepaper);
        Assert.Equal(2, whitepaper.GetProperty("downloads").GetInt32());
        Assert.Equal((2, 1, 0), Row(whitepaper, "consideration")); // Cy moved on to MQL, Ada did not
        Assert.Equal(0.5, whitepaper.GetProperty("byStage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "consideration").GetProperty("rate").GetDouble());

        var consideration = report.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "consideration");
        var demand = consideration.GetProperty("formats").EnumerateArray().Single();
        Assert.Equal(("white paper", 2, 1), (demand.GetProperty("format").GetString(), demand.GetProperty("leads").GetInt32(), demand.GetProperty("assets").GetInt32()));
        Assert.Empty(report.GetProperty("gaps").EnumerateArray()); // every stage has an asset, and no format is missing for three leads
    }

    private static Task<Guid> Lead(NurtureTestHost host, string name) => host.CreateLeadAsync(new { email = $"{name}@example.com", firstName = name });

    private static async Task SignalAsync(NurtureTestHost host, object signal) => await host.WaitUntilProcessedAsync(await host.SignalAsync(signal));

    private static JsonElement Asset(JsonElement report, string name) =>
        report.GetProperty("assets").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);

    private static (int Consumed, int MovedOn, int Open) Row(JsonElement asset, string stage)
    {
        var row = asset.GetProperty("byStage").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == stage);
        return (row.GetProperty("consumed").GetInt32(), row.GetProperty("movedOn").GetInt32(), row.GetProperty("open").GetInt32());
    }
}
