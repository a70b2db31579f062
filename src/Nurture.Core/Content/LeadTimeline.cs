using Nurture.Core.Leads;

namespace Nurture.Core.Content;

/// <summary>
/// A lead's lifecycle stages and engagement over time, replayed from its stage transitions and its engagement
/// ledger, so a past moment's funnel stage reads as it was then, not as it is today.
/// </summary>
public sealed class LeadTimeline
{
    private readonly IReadOnlyList<(DateTimeOffset At, LeadStage Stage)> _stages;
    private readonly IReadOnlyList<(DateTimeOffset At, int Delta)> _engagement;

    public LeadTimeline(IEnumerable<(DateTimeOffset At, LeadStage Stage)> stages, IEnumerable<(DateTimeOffset At, int Delta)> engagement)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(engagement);
        _stages = [.. stages.OrderBy(s => s.At)];
        _engagement = [.. engagement.OrderBy(e => e.At)];
    }

    /// <summary>The lifecycle stage in force at a time (a lead seen before its first transition is a Lead).</summary>
    public LeadStage StageAt(DateTimeOffset at)
    {
        var stage = _stages.Count > 0 ? _stages[0].Stage : LeadStage.Lead;
        foreach (var (when, to) in _stages)
        {
            if (when > at)
                break;
            stage = to;
        }
        return stage;
    }

    /// <summary>The engagement score at a time: the ledger's rows up to then.</summary>
    public int EngagementAt(DateTimeOffset at) => _engagement.TakeWhile(e => e.At <= at).Sum(e => e.Delta);

    public BuyerStage BuyerStageAt(DateTimeOffset at, int mqlThreshold) => BuyerStages.Of(StageAt(at), EngagementAt(at), mqlThreshold);

    /// <summary>
    /// Whether the lead moved on within the window after a time: a later funnel stage, or a later lifecycle
    /// stage on the way to customer (a decision-stage lead moving from MQL to SAL moves on too).
    /// </summary>
    public bool MovedOn(DateTimeOffset after, TimeSpan window, int mqlThreshold)
    {
        var funnel = BuyerStageAt(after, mqlThreshold);
        var step = PathStep(StageAt(after));
        var until = after + window;
        var moments = _stages.Select(s => s.At).Concat(_engagement.Select(e => e.At)).Where(t => t > after && t <= until);
        return moments.Any(t => BuyerStageAt(t, mqlThreshold) > funnel || PathStep(StageAt(t)) > step);
    }

    /// <summary>The step on the way to customer; off the path (recycled, lost…) is before any step.</summary>
    private static int PathStep(LeadStage stage) => Array.IndexOf(LeadStages.Path, stage);
}
