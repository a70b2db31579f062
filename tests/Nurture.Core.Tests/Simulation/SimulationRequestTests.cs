using System.Text.Json;
using Nurture.Core.Simulation;

namespace Nurture.Core.Tests.Simulation;

public class SimulationRequestTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_synthetic_request_reads_with_its_defaults()
    {
        var request = JsonSerializer.Deserialize<SimulationRequest>("""{ "population": { "synthetic": { "count": 1000 } }, "horizon": "P6M", "seed": 7 }""", Web)!;
        var errors = new Dictionary<string, string[]>();

        var settings = request.Read(errors);

        Assert.Empty(errors);
        Assert.Equal(1000, settings!.Population.Synthetic!.Count);
        Assert.Equal(TimeSpan.FromDays(180), settings.Horizon);
        Assert.Equal(7, settings.Seed);
        Assert.Equal(3, settings.Runs);
        Assert.Equal(TimeSpan.FromHours(4), settings.RepAcceptAfter);
    }

    [Fact]
    public void Every_problem_is_named_by_its_field()
    {
        var request = JsonSerializer.Deserialize<SimulationRequest>("""
            { "population": { "synthetic": { "count": 0, "fields": { "shoeSize": { "42": 1 }, "companySize": { "big": 1 } } } },
              "horizon": "P2Y", "runs": 11, "version": "latest", "repAcceptAfter": "soon",
              "responses": { "welcome": { "click": 1.5, "openDelay": "4 hours" } } }
            """, Web)!;
        var errors = new Dictionary<string, string[]>();

        Assert.Null(request.Read(errors));

        Assert.Equal(
            ["horizon", "population.synthetic.count", "population.synthetic.fields.companySize", "population.synthetic.fields.shoeSize", "repAcceptAfter",
             "responses.welcome.click", "responses.welcome.openDelay", "runs", "version"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("up to a year", errors["horizon"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_is_checked_as_a_lead_condition()
    {
        var request = JsonSerializer.Deserialize<SimulationRequest>("""{ "population": { "filter": { "field": "mood", "operator": "equals", "value": "happy" } } }""", Web)!;
        var errors = new Dictionary<string, string[]>();

        Assert.Null(request.Read(errors));

        Assert.Contains("unknown field 'mood'", Assert.Single(errors["population.filter.field"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_or_both_populations_is_refused()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(new SimulationRequest().Read(errors));

        Assert.Contains("either 'synthetic'", Assert.Single(errors["population"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Made_up_leads_are_the_same_for_a_seed_and_follow_the_shares()
    {
        var population = new SyntheticPopulation { Count = 4000, Fields = new() { ["country"] = new() { ["US"] = 3, ["DE"] = 1 } } };
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

        var leads = Enumerable.Range(0, population.Count).Select(i => population.Lead(7, i, now)).ToList();
        var again = Enumerable.Range(0, population.Count).Select(i => population.Lead(7, i, now)).ToList();

        Assert.Equal(leads.Select(l => (l.Id, l.Input.Email, l.Input.Country, l.Input.JobTitle)), again.Select(l => (l.Id, l.Input.Email, l.Input.Country, l.Input.JobTitle)));
        Assert.Equal(population.Count, leads.Select(l => l.Id).Distinct().Count());
        // 3 to 1: 75 %, with 3σ of binomial error at 4,000 leads about 2 points.
        Assert.InRange(leads.Count(l => l.Input.Country == "US") / (double)population.Count, 0.73, 0.77);
        Assert.All(leads, l => Assert.Contains(l.Input.Country, new[] { "US", "DE" }));
        Assert.NotEqual(leads[0].Id, population.Lead(8, 0, now).Id);
    }
}
