using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Core.Tests.Scoring;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Scoring;

/// <summary>The shipped three-dimension model through the real server: fit, reliability, engagement, quality, MQL.</summary>
public sealed class ScoringTests : IAsyncLifetime
{
    private LocalDnsServer _dns = null!;
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _dns = new LocalDnsServer(new()
        {
            ["acme.example"] = new(Exchanges: ["mx.acme.example"]),
            ["nomail.example"] = new(Exchanges: ["."]),
            ["small.example"] = new(Exchanges: ["mx.small.example"]),
        });
        _stack = await TestStack.StartAsync(configure: o => o
            .WithSetting("Scoring:ModelFile", Path.Combine(Repository.Root, "workflows", "scoring", "model.json"))
            .WithSetting("Scoring:DnsServers:0", _dns.EndPoint.ToString())
            .WithSetting("Scoring:DnsTimeout", "00:00:02"));
        _host = _stack.Host;
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task A_lead_that_fits_is_an_MQL_only_once_it_engages_and_the_explanation_reconciles()
    {
        var id = await _host.CreateLeadAsync(new
        {
            email = "ada@acme.example", firstName = "Ada", lastName = "Lovelace", company = "Acme", jobTitle = "VP Marketing",
            phone = "+1 212 555 0123", country = "US", companySize = 500, industry = "Software",
        });

        // A fit of 85 alone is a great profile, not a lead ready for sales: cell A4, not an MQL.
        var explanation = await ScoreAsync(id);
        Assert.Equal(("fit", 85), Dimension(explanation, "fit"));
        Assert.Equal(("reliability", 100), Dimension(explanation, "reliability"));
        var scores = explanation.GetProperty("scores");
        Assert.Equal(71, scores.GetProperty("quality").GetInt32());
        var mql = scores.GetProperty("mql");
        Assert.Equal(("(fit gte 50 and engagement gte 30)", false, "A4"), (mql.GetProperty("rule").GetString(), mql.GetProperty("met").GetBoolean(), mql.GetProperty("cell").GetString()));
        Assert.True(explanation.GetProperty("reconciles").GetBoolean());
        var fitRules = Rules(explanation, "fit");
        Assert.Equal(35, fitRules["fit.executive-or-vp"]);
        Assert.Equal(20, fitRules["fit.company-200-plus"]);
        Assert.Equal(10, Rules(explanation, "reliability")["reliability.notFreeMail"]);
        Assert.Equal(LeadStage.Lead, (await _host.LeadAsync(id)).Stage);

        // The pricing sheet (+20) and a guide (+10): engagement 30, the rule is met, the rep is told.
        await SignalAsync(id, "download", new { asset = "pricing-2026.pdf" });
        await SignalAsync(id, "download", new { asset = "guide.pdf" });
        Assert.Equal(LeadStage.Mql, (await _host.LeadAsync(id)).Stage);
        var notification = await _stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "Ada Lovelace");
        Assert.Contains("cell A2", notification.Text, StringComparison.Ordinal);
        // The lead page, the score explanation and the email say the same.
        var lead = await _host.GetLeadAsync(id);
        Assert.Equal(scores.GetProperty("fit").GetInt32(), lead.GetProperty("score").GetProperty("fit").GetInt32());
        Assert.Equal((30, "A2"), (lead.GetProperty("score").GetProperty("engagement").GetInt32(), lead.GetProperty("score").GetProperty("mql").GetProperty("cell").GetString()));
        Assert.Contains($"Quality {lead.GetProperty("score").GetProperty("quality").GetInt32()}: fit 85, reliability 100, engagement 30", notification.Text, StringComparison.Ordinal);

        // A new job title: the rule stops matching and the ledger says so.
        await _host.CreateLeadAsync(new { email = "ada@acme.example", jobTitle = "Analyst" });
        explanation = await ScoreAsync(id);
        Assert.Equal(("fit", 50), Dimension(explanation, "fit"));
        Assert.Equal(0, Rules(explanation, "fit")["fit.executive-or-vp"]);
        Assert.Contains(explanation.GetProperty("ledger").EnumerateArray(), r => r.GetProperty("delta").GetInt32() == -35
            && r.GetProperty("reason").GetString()!.StartsWith("profile no longer matches", StringComparison.Ordinal));
        Assert.True(explanation.GetProperty("reconciles").GetBoolean());
    }

    [Fact]
    public async Task Countries_are_stored_as_ISO_codes_so_the_fit_rule_matches_UK_and_an_unknown_one_is_kept_and_flagged()
    {
        var uk = await _host.CreateLeadAsync(new { email = "ada@small.example", country = "UK" });
        var narnia = await _host.CreateLeadAsync(new { email = "lucy@small.example", country = "Narnia" });

        Assert.Equal("GB", (await _host.LeadAsync(uk)).Country);
        Assert.Equal(15, Rules(await ScoreAsync(uk), "fit")["fit.served-country"]);
        var lead = await _host.GetLeadAsync(narnia);
        Assert.Equal(("Narnia", true), (lead.GetProperty("country").GetString(), lead.GetProperty("countryUnrecognized").GetBoolean()));
        Assert.False((await _host.GetLeadAsync(uk)).GetProperty("countryUnrecognized").GetBoolean());
    }

    [Fact]
    public async Task Unreliable_data_costs_reliability_points_with_the_reason()
    {
        var disposable = await _host.CreateLeadAsync(new { email = "temp@mailinator.com" });
        var nullMx = await _host.CreateLeadAsync(new { email = "x@nomail.example", phone = "12345", country = "GB" });

        var first = Rules(await ScoreAsync(disposable), "reliability");
        Assert.Equal(0, first["reliability.notDisposable"]);
        var second = await ScoreAsync(nullMx);
        Assert.Equal(0, Rules(second, "reliability")["reliability.mx"]);
        Assert.Equal(0, Rules(second, "reliability")["reliability.phone"]);
        Assert.Contains(second.GetProperty("ledger").EnumerateArray(), r => r.GetProperty("reason").GetString()!.Contains("null MX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clicks_are_capped_per_day_and_the_cap_shows_in_the_explanation()
    {
        var id = await _host.CreateLeadAsync(new { email = "clicker@small.example" });
        for (var i = 0; i < 4; i++)
            await SignalAsync(id, "click", new { url = $"https://example.com/{i}" });

        var explanation = await ScoreAsync(id);
        Assert.Equal(("engagement", 9), Dimension(explanation, "engagement"));
        var engagement = explanation.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "engagement");
        Assert.Contains("daily cap of 9 reached: 3 → 0", Assert.Single(engagement.GetProperty("capsHit").EnumerateArray()).GetString(), StringComparison.Ordinal);

        _host.Clock.Advance(TimeSpan.FromDays(1));
        await SignalAsync(id, "click", new { url = "https://example.com/next-day" });
        Assert.Equal(12, (await _host.LeadAsync(id)).EngagementScore);

        // The pricing sheet is worth more, once.
        await SignalAsync(id, "download", new { asset = "pricing-2026.pdf" });
        await SignalAsync(id, "download", new { asset = "pricing-2026.pdf" });
        Assert.Equal(32, (await _host.LeadAsync(id)).EngagementScore);
        Assert.Equal(20, Rules(await ScoreAsync(id), "engagement")["engagement.pricing-download"]);
    }

    [Fact]
    public async Task A_demo_request_makes_an_MQL_at_once_whatever_the_score()
    {
        var id = await _host.CreateLeadAsync(new { email = "hand@small.example", firstName = "Hal" });
        Assert.Equal(LeadStage.Lead, (await _host.LeadAsync(id)).Stage);

        await SignalAsync(id, "form", new { form = "demo-request" });

        var lead = await _host.LeadAsync(id);
        Assert.Equal(LeadStage.Mql, lead.Stage);
        Assert.True(lead.QualityScore < 70);
        await using var db = _host.CreateDbContext();
        Assert.Contains("hand-raiser", (await db.StageTransitions.SingleAsync(t => t.LeadId == id && t.To == LeadStage.Mql)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engagement_decays_by_half_life_and_inactivity_costs_once_per_stretch()
    {
        var id = await _host.CreateLeadAsync(new { email = "fading@small.example" });
        await SignalAsync(id, "download", new { asset = "whitepaper-lead-nurturing.pdf" });
        await SignalAsync(id, "download", new { asset = "guide.pdf" });
        Assert.Equal(20, (await _host.LeadAsync(id)).EngagementScore);
        var maintenance = _host.Service<ScoreMaintenance>();

        _host.Clock.Advance(TimeSpan.FromDays(30));
        await maintenance.SweepAsync(CancellationToken.None);

        var explanation = await ScoreAsync(id);
        var engagement = explanation.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "engagement");
        Assert.Equal(-10, engagement.GetProperty("decay").GetInt32());
        Assert.Equal(-10, Rules(explanation, "engagement")["engagement.inactivity"]);
        Assert.Equal(0, engagement.GetProperty("points").GetInt32());
        Assert.True(explanation.GetProperty("reconciles").GetBoolean());

        // Still quiet a day later: neither decays further (nothing left) nor is penalised twice.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await maintenance.SweepAsync(CancellationToken.None));

        // Active again, then quiet for another stretch: penalised again.
        await SignalAsync(id, "click", new { url = "https://example.com/back" });
        _host.Clock.Advance(TimeSpan.FromDays(31));
        await maintenance.SweepAsync(CancellationToken.None);
        Assert.Equal(-20, Rules(await ScoreAsync(id), "engagement")["engagement.inactivity"]);
    }

    [Fact]
    public async Task Unsubscribing_costs_engagement_through_the_ledger()
    {
        var id = await _host.CreateLeadAsync(new { email = "leaver@small.example" });
        await SignalAsync(id, "download", new { asset = "guide.pdf" });

        await SignalAsync(id, "unsubscribe", new { source = "preference page" });

        Assert.Equal(-10, (await _host.LeadAsync(id)).EngagementScore);
        Assert.Equal(-20, Rules(await ScoreAsync(id), "engagement")["engagement.unsubscribe"]);
    }

    private async Task SignalAsync(Guid leadId, string type, object properties) =>
        await _host.WaitUntilProcessedAsync(await _host.SignalAsync(new { type, leadId, properties }));

    private async Task<JsonElement> ScoreAsync(Guid id) => await _host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}/score");

    private static (string, int) Dimension(JsonElement explanation, string name)
    {
        var dimension = explanation.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);
        return (name, dimension.GetProperty("points").GetInt32());
    }

    private static Dictionary<string, int> Rules(JsonElement explanation, string name) =>
        explanation.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name)
            .GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!, r => r.GetProperty("points").GetInt32());
}
