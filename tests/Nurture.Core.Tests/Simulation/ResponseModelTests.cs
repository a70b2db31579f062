using System.Text.Json;
using Nurture.Core.Signals;
using Nurture.Core.Simulation;

namespace Nurture.Core.Tests.Simulation;

public class ResponseModelTests
{
    private static readonly ResponseRates Rates = new()
    {
        Open = 0.3,
        Click = 0.1,
        Download = 0.02,
        OpenDelay = TimeSpan.FromHours(4),
        ClickDelay = TimeSpan.FromHours(6),
        DownloadDelay = TimeSpan.FromHours(24),
    };

    [Fact]
    public void A_seed_gives_the_same_responses_in_any_order_and_another_seed_others()
    {
        var emails = Enumerable.Range(0, 2000).Select(i => new SentEmail($"lead{i}@example.com", "welcome", 1)).ToList();
        var model = new RateResponses(new Dictionary<string, ResponseRates> { ["welcome"] = Rates }, ResponseRates.Prior, seed: 7);

        var forward = emails.Select(model.Respond).ToList();
        var backward = Enumerable.Reverse(emails).Select(new RateResponses(new Dictionary<string, ResponseRates> { ["welcome"] = Rates }, ResponseRates.Prior, seed: 7).Respond).Reverse().ToList();
        var other = emails.Select(new RateResponses(new Dictionary<string, ResponseRates> { ["welcome"] = Rates }, ResponseRates.Prior, seed: 8).Respond).ToList();

        Assert.Equal(forward.Select(Json), backward.Select(Json));
        Assert.NotEqual(forward.Select(Json), other.Select(Json));
    }

    [Fact]
    public void Rates_and_median_delays_come_out_as_stated()
    {
        var model = new RateResponses(new Dictionary<string, ResponseRates> { ["welcome"] = Rates }, ResponseRates.Prior, seed: 1);
        const int n = 20_000;
        var responses = Enumerable.Range(0, n).SelectMany(i => model.Respond(new SentEmail($"lead{i}@example.com", "welcome", 1))).ToList();

        // Binomial sampling error at n = 20,000: 3σ is under 1 point for every rate here.
        Assert.InRange(responses.Count(r => r.SignalType == SignalTypes.Open) / (double)n, 0.29, 0.31);
        Assert.InRange(responses.Count(r => r.SignalType == SignalTypes.Click) / (double)n, 0.094, 0.106);
        Assert.InRange(responses.Count(r => r.SignalType == SignalTypes.Download) / (double)n, 0.017, 0.023);
        var clickDelays = responses.Where(r => r.SignalType == SignalTypes.Click).Select(r => r.After.TotalHours).Order().ToList();
        Assert.InRange(clickDelays[clickDelays.Count / 2], 5.5, 6.5);
    }

    [Fact]
    public void A_template_without_rates_takes_the_fallback()
    {
        var model = new RateResponses(new Dictionary<string, ResponseRates>(), ResponseRates.Prior with { Open = 1, Click = 0, Download = 0 }, seed: 1);

        var responses = model.Respond(new SentEmail("a@example.com", "unknown", 1));

        Assert.Equal(SignalTypes.Open, Assert.Single(responses).SignalType);
    }

    [Fact]
    public void Overrides_replace_what_they_give_star_first_then_the_template()
    {
        var settings = new SimulationSettings
        {
            Population = new PopulationSpec { Synthetic = new SyntheticPopulation { Count = 1 } },
            Responses = new Dictionary<string, ResponseOverride>
            {
                ["*"] = new() { Click = 0.5 },
                ["nudge"] = new() { Open = 0.9, ClickDelay = "PT1H" },
            },
        };
        var learned = new Dictionary<string, ResponseRates> { ["welcome"] = Rates with { Source = "history: 300 emails since 2026-01-01" } };

        var rates = settings.RatesFor(["welcome", "nudge", "follow-up"], learned);

        Assert.Equal(0.5, rates["welcome"].Click);
        Assert.Equal(0.3, rates["welcome"].Open); // learned, kept
        Assert.Equal(0.9, rates["nudge"].Open);
        Assert.Equal(TimeSpan.FromHours(1), rates["nudge"].ClickDelay);
        Assert.Equal(ResponseRates.Prior.Download, rates["follow-up"].Download);
        Assert.Equal("override", rates["follow-up"].Source);
    }

    private static string Json(IReadOnlyList<Response> responses) => JsonSerializer.Serialize(responses);
}
