using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Handoff;

/// <summary>
/// Every way a lead can come to meet the MQL rule hands it off the same way (a signal, a journey's points, a
/// profile update, a new model), and a lead sales turned down does not bounce straight back to them.
/// </summary>
public sealed class RequalificationTests
{
    // Fit carries the quality score (80 %): a VP has quality 68 with no engagement, 70 (the rule) from 10 points.
    private const string Model = """
        {
          "version": 1,
          "weights": { "fit": 80, "reliability": 0, "engagement": 20 },
          "mql": { "field": "quality", "operator": "gte", "value": 70 },
          "handRaisers": [ { "signal": "form", "filters": { "form": "demo-request" } } ],
          "fit": [ { "name": "vp", "when": { "field": "seniority", "operator": "in", "value": ["executive", "vp"] }, "points": 85 } ],
          "engagement": [ { "signal": "form", "points": 50 }, { "signal": "click", "points": 5 } ]
        }
        """;

    private const string FitJourney = """
        { "id": "good-fit", "name": "Good fit", "triggers": [ { "type": "ScoreCrossed", "score": "fit", "value": 50 } ],
          "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "good-fit" } } ] }
        """;

    private const string QualityJourney = """
        { "id": "high-quality", "name": "High quality", "triggers": [ { "type": "ScoreCrossed", "score": "quality", "value": 60 } ],
          "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "high-quality" } } ] }
        """;

    private const string BonusJourney = """
        { "id": "bonus", "name": "Bonus", "triggers": [ { "type": "SignalReceived", "signalType": "visit" } ],
          "activities": [ { "id": "points", "type": "AdjustScore", "properties": { "points": 10, "reason": "attended the webinar" } } ] }
        """;

    private static async Task<TestStack> StartAsync(string provider, params string[] journeys)
    {
        var models = Path.Combine(Path.GetTempPath(), "nurture-tests", $"model-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(models)!);
        await File.WriteAllTextAsync(models, Model);
        return await TestStack.WithJourneysAsync(provider, journeys, smtp: true, configure: o => o.WithSetting("Scoring:ModelFile", models));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_rejected_lead_comes_back_only_after_the_cooldown_and_on_engagement_earned_since(string provider)
    {
        await using var stack = await StartAsync(provider);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "vp@acme.example", firstName = "Vic", lastName = "Price", jobTitle = "VP Sales" });
        await ClickAsync(host, id, 2);
        Assert.Equal(LeadStage.Mql, (await host.LeadAsync(id)).Stage);
        await stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Vic Price");
        var first = await HandoffsAsync(host, id);
        (await host.Client.PostAsJsonAsync($"/api/handoffs/{first[0]}/reject", new { by = "rep@sales.test", reason = "no project this year" })).EnsureSuccessStatusCode();

        // Two clicks meet the rule again (quality 70), but sales said no ten minutes ago.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await ClickAsync(host, id, 2);
        var lead = await host.LeadAsync(id);
        Assert.Equal((LeadStage.Recycled, 70), (lead.Stage, lead.QualityScore));
        Assert.Single(await HandoffsAsync(host, id));
        var mql = (await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/score")).GetProperty("scores").GetProperty("mql");
        Assert.Equal((true, false), (mql.GetProperty("met").GetBoolean(), mql.GetProperty("handOff").GetBoolean()));
        Assert.Contains("recycle cooldown until 2026-02-04", mql.GetProperty("heldBecause").GetString(), StringComparison.Ordinal);
        Assert.Equal(mql.GetRawText(), (await host.GetLeadAsync(id)).GetProperty("score").GetProperty("mql").GetRawText());

        // A month later the next click (engagement 15 since the rejection) hands it off again.
        host.Clock.Advance(TimeSpan.FromDays(30));
        await ClickAsync(host, id, 1);
        Assert.Equal(LeadStage.Mql, (await host.LeadAsync(id)).Stage);
        Assert.Equal(2, (await HandoffsAsync(host, id)).Count);
    }

    [Fact]
    public async Task A_rejected_lead_that_asks_for_a_demo_goes_to_sales_at_once()
    {
        await using var stack = await StartAsync("Sqlite");
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "eager@acme.example", firstName = "Eve", jobTitle = "CTO" });
        await ClickAsync(host, id, 2);
        var first = await HandoffsAsync(host, id);
        (await host.Client.PostAsJsonAsync($"/api/handoffs/{first[0]}/reject", new { by = "rep@sales.test", reason = "too early" })).EnsureSuccessStatusCode();

        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId = id, properties = new { form = "demo-request" } }));

        Assert.Equal(LeadStage.Mql, (await host.LeadAsync(id)).Stage);
        Assert.Equal(2, (await HandoffsAsync(host, id)).Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Points_from_a_journey_step_hand_the_lead_off_like_points_from_a_signal(string provider)
    {
        await using var stack = await StartAsync(provider, BonusJourney);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "attendee@acme.example", firstName = "Ana", lastName = "Attendee", jobTitle = "VP Marketing" });
        Assert.Equal(68, (await host.LeadAsync(id)).QualityScore);

        // A visit earns nothing in this model; the journey it starts adds 10 points.
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "visit", leadId = id, properties = new { url = "https://acme.example/webinar" } }));

        var lead = await host.LeadAsync(id);
        Assert.Equal((LeadStage.Mql, 10, 70), (lead.Stage, lead.EngagementScore, lead.QualityScore));
        var notification = await stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Ana Attendee");
        Assert.Contains("journey 'Bonus' added 10 points", notification.Text, StringComparison.Ordinal);
        Assert.Single(await HandoffsAsync(host, id));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_profile_update_that_raises_fit_hands_off_and_fires_ScoreCrossed_on_fit_and_quality(string provider)
    {
        await using var stack = await StartAsync(provider, FitJourney, QualityJourney);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "rising@acme.example", firstName = "Ray", lastName = "Rising", jobTitle = "Analyst" });
        await ClickAsync(host, id, 2);
        var before = await host.LeadAsync(id);
        Assert.Equal((LeadStage.Lead, 0, 2), (before.Stage, before.FitScore, before.QualityScore));
        Assert.Empty(before.Tags);

        await host.CreateLeadAsync(new { email = "rising@acme.example", jobTitle = "VP Engineering" });

        var after = await host.LeadAsync(id);
        Assert.Equal((LeadStage.Mql, 85, 70), (after.Stage, after.FitScore, after.QualityScore));
        Assert.Equal(["good-fit", "high-quality"], after.Tags.Order());
        await stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Ray Rising");
        Assert.Single(await HandoffsAsync(host, id));

        // The same profile again changes nothing and hands off nothing more.
        await host.CreateLeadAsync(new { email = "rising@acme.example", jobTitle = "VP Engineering" });
        Assert.Single(await HandoffsAsync(host, id));
    }

    private static async Task ClickAsync(NurtureTestHost host, Guid id, int count)
    {
        for (var i = 0; i < count; i++)
            await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "click", leadId = id, properties = new { url = $"https://example.com/{Guid.NewGuid():N}" } }));
    }

    private static async Task<List<Guid>> HandoffsAsync(NurtureTestHost host, Guid leadId)
    {
        await using var db = host.CreateDbContext();
        return await db.Handoffs.AsNoTracking().Where(h => h.LeadId == leadId).OrderBy(h => h.CreatedAt).Select(h => h.Id).ToListAsync();
    }
}
