using Nurture.Core.Data;

namespace Nurture.Core.Leads;

/// <summary>
/// One unit of work on one lead. Everything it changes is committed by one SaveChanges; the events it
/// raises (stage changed, tag added…) are dispatched to triggers, exits and goals before that commit.
/// </summary>
public sealed class LeadWork(NurtureDbContext db, Lead lead)
{
    private readonly Queue<LeadEvent> _events = new();

    public NurtureDbContext Db { get; } = db;
    public Lead Lead { get; } = lead;

    /// <summary>
    /// Every wait of the lead's instances, when a batch loaded them in one query: removing an instance's
    /// waits then needs no query (nor a scan of everything the context tracks).
    /// </summary>
    public ILookup<Guid, Journeys.Runtime.JourneyWait>? PreloadedWaits { get; init; }

    /// <summary>Reads a batch made for all its leads at once; null outside batches (each step queries).</summary>
    public BatchReads? Reads { get; init; }

    /// <summary>The lead's journey instances as stored, loaded once per unit of work.</summary>
    internal List<Journeys.Runtime.JourneyInstance>? StoredInstances { get; set; }

    /// <summary>Instances started in this unit of work.</summary>
    internal List<Journeys.Runtime.JourneyInstance> StartedInstances { get; } = [];

    // Executions journaled here and not yet saved, per (instance, node): counted as they are journaled, since
    // scanning the context's tracked journal rows for each email cost O(n²) over a sweep batch of hundreds of leads.
    private Dictionary<(Guid InstanceId, string ActivityId), int>? _unsavedExecutions;

    internal int UnsavedExecutions(Guid instanceId, string activityId) =>
        _unsavedExecutions?.GetValueOrDefault((instanceId, activityId)) ?? 0;

    internal void CountExecution(Guid instanceId, string activityId)
    {
        _unsavedExecutions ??= [];
        _unsavedExecutions[(instanceId, activityId)] = UnsavedExecutions(instanceId, activityId) + 1;
    }

    public void Raise(LeadEvent leadEvent) => _events.Enqueue(leadEvent);

    /// <summary>Raises ScoreChanged when any of the lead's scores differs from <paramref name="before"/>.</summary>
    public void RaiseIfScoresChanged(LeadScores before)
    {
        var after = LeadScores.Of(Lead);
        if (after != before)
            Raise(LeadEvent.ScoreChanged(before, after));
    }

    public bool TryTakeEvent(out LeadEvent leadEvent) => _events.TryDequeue(out leadEvent!);

    /// <summary>Moves the lead to a stage, records the transition and raises the event.</summary>
    public void MoveTo(LeadStage stage, string by, string reason, DateTimeOffset now)
    {
        if (Lead.Stage == stage)
            return;
        var from = Lead.Stage;
        Db.StageTransitions.Add(Lead.MoveTo(stage, by, reason, now));
        Raise(LeadEvent.StageChanged(from, stage));
    }
}
