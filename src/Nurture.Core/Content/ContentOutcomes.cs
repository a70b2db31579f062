namespace Nurture.Core.Content;

/// <summary>A lead's first consumption of an asset.</summary>
public sealed record Consumption(Guid LeadId, string Asset, DateTimeOffset At);

/// <summary>
/// Which assets moved leads on: each lead's first consumption of an asset is counted in the funnel stage the
/// lead was in then, and as moved on when the lead reached a later stage within the window.
/// </summary>
public static class ContentOutcomes
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    public static ContentPerformance Compute(
        IEnumerable<Consumption> consumptions, IReadOnlyDictionary<Guid, LeadTimeline> timelines, int mqlThreshold, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consumptions);
        ArgumentNullException.ThrowIfNull(timelines);
        var outcomes = new Dictionary<(string, BuyerStage), StageOutcome>();
        foreach (var consumption in First(consumptions))
        {
            if (!timelines.TryGetValue(consumption.LeadId, out var timeline))
                continue;
            var stage = timeline.BuyerStageAt(consumption.At, mqlThreshold);
            var moved = timeline.MovedOn(consumption.At, Window, mqlThreshold);
            var open = !moved && consumption.At + Window > now;
            var key = (consumption.Asset, stage);
            outcomes[key] = (outcomes.GetValueOrDefault(key) ?? StageOutcome.None).Plus(new StageOutcome(1, moved ? 1 : 0, open ? 1 : 0));
        }
        return new ContentPerformance(outcomes);
    }

    /// <summary>Each lead's earliest consumption of each asset: reading a guide twice is one reading.</summary>
    public static IEnumerable<Consumption> First(IEnumerable<Consumption> consumptions) =>
        consumptions.GroupBy(c => (c.LeadId, c.Asset)).Select(g => g.MinBy(c => c.At)!);
}
