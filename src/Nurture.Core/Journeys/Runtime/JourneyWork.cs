using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// The journeys' part of a unit of work: the lead's instances and their waits loaded once (by a batch, or
/// on first use), instances started in it, executions journaled and not yet saved, and a batch's reads.
/// </summary>
public sealed class JourneyWork
{
    /// <summary>
    /// Every wait of the lead's instances, when a batch loaded them in one query: removing an instance's
    /// waits then needs no query (nor a scan of everything the context tracks).
    /// </summary>
    public ILookup<Guid, JourneyWait>? PreloadedWaits { get; set; }

    /// <summary>Reads a batch made for all its leads at once; null outside batches (each step queries).</summary>
    public BatchReads? Reads { get; set; }

    /// <summary>The lead's journey instances as stored, loaded once per unit of work.</summary>
    internal List<JourneyInstance>? StoredInstances { get; set; }

    /// <summary>Instances started in this unit of work.</summary>
    internal List<JourneyInstance> StartedInstances { get; } = [];

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
}

public static class JourneyWorkExtensions
{
    extension(LeadWork work)
    {
        /// <summary>The journeys' state in this unit of work.</summary>
        public JourneyWork Journeys => work.State<JourneyWork>();
    }
}
