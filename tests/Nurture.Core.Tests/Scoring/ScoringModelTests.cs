using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Tests.Scoring;

public sealed class ScoringModelTests
{
    private static string ShippedModel
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var path = Path.Combine(directory.FullName, "workflows", "scoring", "model.json");
                if (File.Exists(path))
                    return path;
            }
            throw new InvalidOperationException("workflows/scoring/model.json not found above the test binaries");
        }
    }

    [Fact]
    public void Shipped_model_ranks_by_sixty_twenty_twenty_and_needs_both_fit_and_engagement_for_an_MQL()
    {
        var model = ScoringModel.Load(ShippedModel);

        Assert.Equal((60, 20, 20), (model.Weights.Fit, model.Weights.Reliability, model.Weights.Engagement));
        Assert.Equal("(fit gte 50 and engagement gte 30)", model.MqlRule);
        // A perfect profile with no engagement is not an MQL; a poor one however engaged is not either.
        Assert.False(model.IsMql(new Lead { Email = "a@x.example", FitScore = 100, ReliabilityScore = 100, EngagementScore = 0 }));
        Assert.False(model.IsMql(new Lead { Email = "b@x.example", FitScore = 35, ReliabilityScore = 100, EngagementScore = 200 }));
        Assert.True(model.IsMql(new Lead { Email = "c@x.example", FitScore = 50, ReliabilityScore = 0, EngagementScore = 30 }));
        Assert.True(model.IsHandRaiser(new Core.Signals.Signal { Type = "form", Source = "api", PropertiesJson = """{"form":"demo-request"}""" }));
        Assert.False(model.IsHandRaiser(new Core.Signals.Signal { Type = "form", Source = "api", PropertiesJson = """{"form":"newsletter"}""" }));
        Assert.NotNull(model.Reliability);
        Assert.Equal(30, model.Decay!.HalfLifeDays);
    }

    [Theory]
    [InlineData(100, 100, "A1")]
    [InlineData(75, 60, "A1")]
    [InlineData(74, 59, "B2")]
    [InlineData(50, 30, "B2")]
    [InlineData(30, 10, "C3")]
    [InlineData(0, 0, "D4")]
    [InlineData(-10, -20, "D4")]
    public void A_lead_falls_in_the_fit_by_engagement_cell_of_its_scores(int fit, int engagement, string cell)
    {
        var lead = new Lead { Email = "x@example.com", FitScore = fit, EngagementScore = engagement };

        Assert.Equal(cell, new ScoreMatrix().CellOf(lead));
        Assert.Equal(16, new ScoreMatrix().Cells().Count());
    }

    [Fact]
    public void A_matrix_whose_bounds_do_not_descend_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => ScoringModel.Parse("""{ "matrix": { "fit": [25, 50] } }""", "model.json"));
        Assert.Contains("matrix.fit: one to five bounds, highest first", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 100, 100, 100)]
    [InlineData(85, 100, 0, 71)]
    [InlineData(150, -20, 40, 68)] // each dimension is clamped to 0–100 before the blend
    [InlineData(0, 0, 0, 0)]
    public void Quality_is_the_weighted_blend_of_clamped_dimensions(int fit, int reliability, int engagement, int quality)
    {
        var model = new ScoringModel();
        var lead = new Lead { Email = "x@example.com", FitScore = fit, ReliabilityScore = reliability, EngagementScore = engagement };

        Assert.Equal(quality, model.QualityOf(lead));
    }

    [Fact]
    public void Every_problem_in_a_model_is_reported_with_where_it_is()
    {
        const string Json = """
            {
              "version": 3,
              "mql": { "field": "qualty", "operator": "gte", "value": 70 },
              "fit": [ { "name": "big", "when": { "field": "companySize", "operator": "gte", "value": "large" }, "points": 10 }, { "name": "big", "when": { "field": "country", "operator": "exists" }, "points": 5 } ],
              "engagement": [ { "signal": "Click!", "points": 3 }, { "signal": "open", "points": 1, "maxPerDay": 0 } ],
              "decay": { "halfLifeDays": 0 }
            }
            """;

        var error = Assert.Throws<FormatException>(() => ScoringModel.Parse(Json, "model.json"));

        Assert.Contains("model.json: mql.field: unknown field 'qualty'", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.json: fit[0].when.value: operator 'gte' needs a number.", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.json: fit: two rules are named 'big'.", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.json: engagement[0].signal: 'Click!' is not a valid signal type.", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.json: engagement[1]: maxPerDay and max must be positive when given.", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.json: decay.halfLifeDays must be positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_reported_at_its_line()
    {
        var error = Assert.Throws<FormatException>(() => ScoringModel.Parse("{\n  \"version\": 2,\n  \"weights\": { \"fit\": }\n}", "model.json"));

        Assert.StartsWith("model.json:3:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Chief Marketing Officer", "executive")]
    [InlineData("VP Sales", "vp")]
    [InlineData("Head of Growth", "director")]
    [InlineData("Marketing Manager", "manager")]
    [InlineData("Analyst", "individual")]
    [InlineData(null, null)]
    public void Seniority_comes_from_the_job_title(string? title, string? seniority) => Assert.Equal(seniority, Seniority.Of(title));
}
