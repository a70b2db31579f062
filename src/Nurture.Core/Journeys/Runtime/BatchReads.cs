using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// What the steps of a batch would otherwise read one lead at a time (visits of a step, outbox keys taken,
/// content touched), loaded for the whole batch in three queries. Valid as stored when the batch began:
/// rows the batch adds itself are still counted from the unit of work, and a concurrent change to the same
/// rows fails the batch's commit, which then goes lead by lead without it.
/// </summary>
public sealed class BatchReads
{
    private readonly HashSet<Guid> _instances;
    private readonly Dictionary<(Guid Instance, string Activity), int> _visits;
    private readonly HashSet<string> _outboxKeys;
    private readonly Dictionary<Guid, List<ContentTouch>> _touches;

    private BatchReads(HashSet<Guid> instances, Dictionary<(Guid, string), int> visits, HashSet<string> outboxKeys, Dictionary<Guid, List<ContentTouch>> touches)
    {
        _instances = instances;
        _visits = visits;
        _outboxKeys = outboxKeys;
        _touches = touches;
    }

    public static async Task<BatchReads> LoadAsync(NurtureDbContext db, IReadOnlyCollection<Guid> leadIds, IReadOnlyCollection<Guid> instanceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var visits = await db.Journal.AsNoTracking()
            .Where(j => instanceIds.Contains(j.InstanceId) && j.Event == JournalEvent.Executed)
            .GroupBy(j => new { j.InstanceId, j.ActivityId })
            .Select(g => new { g.Key.InstanceId, g.Key.ActivityId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var keys = await db.Outbox.AsNoTracking()
            .Where(m => m.LeadId != null && leadIds.Contains(m.LeadId.Value))
            .Select(m => m.IdempotencyKey)
            .ToListAsync(cancellationToken);
        return new BatchReads(
            [.. instanceIds],
            visits.ToDictionary(v => (v.InstanceId, v.ActivityId), v => v.Count),
            keys.ToHashSet(StringComparer.Ordinal),
            await ContentTouches.OfLeadsAsync(db, leadIds, cancellationToken));
    }

    /// <summary>Executions of the step stored before the batch, or null when this instance was not loaded.</summary>
    public int? StoredVisits(Guid instanceId, string activityId) =>
        _instances.Contains(instanceId) ? _visits.GetValueOrDefault((instanceId, activityId)) : null;

    /// <summary>Whether an outbox row with this key was stored before the batch, or null when the lead was not loaded.</summary>
    public bool? OutboxKeyTaken(Guid leadId, string key) =>
        _touches.ContainsKey(leadId) ? _outboxKeys.Contains(key) : null;

    /// <summary>What the lead did with content (human hits), or null when the lead was not loaded.</summary>
    public IReadOnlyList<ContentTouch>? Touches(Guid leadId) => _touches.GetValueOrDefault(leadId);
}
