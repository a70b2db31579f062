using Nurture.Core.Reports.Attribution;

namespace Nurture.Core.Tests.Reports.Attribution;

/// <summary>A fixed history with credits computed by hand for each model, and the tables they sum into.</summary>
public sealed class AttributionTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(90), HalfLife = TimeSpan.FromDays(7);
    private static readonly Guid Ada = Guid.NewGuid(), Bob = Guid.NewGuid(), Cy = Guid.NewGuid();

    private static DateTimeOffset Day(int day) => Day0.AddDays(day);

    // Ada became an MQL on day 30. Before: she entered the journey and got its welcome email on day 10 (the journey
    // first: it sent the email), clicked it on day 20, downloaded the white paper from the follow-up on day 28.
    private static readonly Touch[] History =
    [
        new(Ada, TouchType.EmailDelivered, Day(10), "welcome-nurture", "welcome"),
        new(Ada, TouchType.JourneyEntered, Day(10), "welcome-nurture"),
        new(Ada, TouchType.EmailClicked, Day(20), "welcome-nurture", "welcome"),
        new(Ada, TouchType.AssetDownloaded, Day(28), "welcome-nurture", "follow-up", "whitepaper.pdf"),
        new(Ada, TouchType.EmailDelivered, Day(31), "welcome-nurture", "after"), // after the conversion: not a touch of it
        new(Ada, TouchType.EmailDelivered, Day(-61), "old-campaign", "old"), // 91 days before: outside the look-back
        new(Cy, TouchType.PageVisited, Day(29), Page: "/pricing"),
    ];

    private static readonly Conversion AdaMql = new(Ada, "Mql", Day(30));

    [Theory]
    [InlineData(AttributionModel.FirstTouch, new[] { 1.0, 0, 0, 0 })]
    [InlineData(AttributionModel.LastTouch, new[] { 0, 0, 0, 1.0 })]
    [InlineData(AttributionModel.Linear, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(AttributionModel.PositionBased, new[] { 0.4, 0.1, 0.1, 0.4 })]
    // Ages 20, 20, 10 and 2 days, a half-life of 7: 2^(-20/7) = 0.13799 twice, 2^(-10/7) = 0.37150, 2^(-2/7) = 0.82034;
    // over their sum, 1.46786.
    [InlineData(AttributionModel.TimeDecay, new[] { 0.094022, 0.094022, 0.253089, 0.558866 })]
    public void Each_model_shares_the_conversion_as_computed_by_hand_and_the_shares_sum_to_exactly_one(AttributionModel model, double[] expected)
    {
        var result = TouchAttribution.Attribute([AdaMql], History, model, LookBack, HalfLife);

        Assert.Equal([TouchType.JourneyEntered, TouchType.EmailDelivered, TouchType.EmailClicked, TouchType.AssetDownloaded],
            result.Credits.Select(c => c.Touch.Kind));
        Assert.Equal(expected, result.Credits.Select(c => Math.Round((double)c.Share, 6)));
        Assert.Equal(1m, result.Credits.Sum(c => c.Share));
    }

    [Fact]
    public void Shares_sum_to_exactly_one_for_any_number_of_touches_and_any_model()
    {
        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            for (var n = 1; n <= 40; n++)
            {
                var ages = Enumerable.Range(0, n).Select(i => TimeSpan.FromHours(7 * (n - i))).ToList();
                var shares = AttributionCredits.Share(model, ages, HalfLife);
                Assert.Equal(1m, shares.Sum());
                Assert.All(shares, s => Assert.InRange(s, 0m, 1m));
            }
        }
    }

    [Fact]
    public void Credits_sum_into_journeys_emails_assets_and_pages_and_a_conversion_with_no_touch_is_unattributed()
    {
        Conversion[] conversions = [AdaMql, new(Bob, "Mql", Day(30)), new(Cy, "Mql", Day(30))];
        var query = new AttributionQuery(AttributionModel.Linear, "Mql", Day(0), Day(60), LookBack, HalfLife);

        var report = AttributionReport.Summarize(query, conversions.Length, TouchAttribution.Attribute(conversions, History, query.Model, LookBack, HalfLife));

        Assert.Equal((3, 1), (report.Conversions, report.Unattributed)); // Bob met nothing
        Assert.Equal([new AttributionRow("welcome-nurture", 1m, 1, 20)], report.Journeys);
        Assert.Equal([new AttributionRow("welcome", 0.5m, 1, 20), new AttributionRow("follow-up", 0.25m, 1, 20)], report.Emails);
        Assert.Equal([new AttributionRow("whitepaper.pdf", 0.25m, 1, 20)], report.Assets);
        Assert.Equal([new AttributionRow("/pricing", 1m, 1, 1)], report.Pages); // Cy's one touch, a day before
        Assert.DoesNotContain(report.Emails, r => r.Key is "after" or "old");
    }
}
