using Microsoft.Extensions.Options;
using Nurture.Core.Handoff;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Tests.Handoff;

public sealed class LeadQualificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static LeadQualification Qualification(string mqlRule, int? routingCooldownDays = null)
    {
        var models = new ScoringModelProvider();
        models.Use(ScoringModel.Parse($$"""{ "version": 1, "weights": { "fit": 80, "reliability": 0, "engagement": 20 }, "mql": {{mqlRule}} }""", "model.json"));
        var routing = new RoutingProvider();
        routing.Use(new RoutingModel { RecycleCooldownDays = routingCooldownDays });
        return new LeadQualification(models, routing, Options.Create(new SalesOptions { RecycleCooldown = TimeSpan.FromDays(30) }));
    }

    private static Lead Recycled(int fit, int engagement, TimeSpan ago)
    {
        var lead = new Lead
        {
            Email = "lead@example.com", RecycledAt = Now - ago, FitScore = fit, EngagementScore = engagement,
            QualityScore = (80 * fit + 20 * engagement) / 100,
        };
        lead.MoveTo(LeadStage.Recycled, "rep@sales.test", "rejected", Now - ago);
        return lead;
    }

    [Fact]
    public void A_recycled_lead_whose_profile_alone_meets_the_rule_is_held_until_engagement_makes_the_difference()
    {
        var qualification = Qualification("""{ "field": "quality", "operator": "gte", "value": 70 }""");

        var status = qualification.Evaluate(Recycled(fit: 100, engagement: 5, TimeSpan.FromDays(40)), Now);

        Assert.Equal((true, false), (status.Met, status.HandOff));
        Assert.Contains("met by the profile alone", status.HeldBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recycled_lead_past_the_cooldown_that_earned_its_way_back_goes_to_sales()
    {
        var status = Qualification("""{ "all": [ { "field": "fit", "operator": "gte", "value": 50 }, { "field": "engagement", "operator": "gte", "value": 30 } ] }""")
            .Evaluate(Recycled(fit: 100, engagement: 30, TimeSpan.FromDays(31)), Now);

        Assert.Equal((true, true, null), (status.Met, status.HandOff, status.HeldBecause));
        Assert.Equal("A2", status.Cell);
    }

    [Fact]
    public void The_routing_files_cooldown_overrides_the_setting()
    {
        var rule = """{ "field": "engagement", "operator": "gte", "value": 30 }""";
        var lead = Recycled(fit: 0, engagement: 30, TimeSpan.FromDays(10));

        Assert.False(Qualification(rule).Evaluate(lead, Now).HandOff);
        Assert.True(Qualification(rule, routingCooldownDays: 7).Evaluate(lead, Now).HandOff);
        Assert.Equal(TimeSpan.FromDays(7), Qualification(rule, routingCooldownDays: 7).RecycleCooldown);
    }
}
