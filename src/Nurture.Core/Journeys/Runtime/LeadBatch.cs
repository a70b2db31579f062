using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Many leads in one unit of work (a timer sweep's batch, a round of signals): the leads, their journey
/// instances and every wait of those instances in three queries, not three per lead; then each lead's
/// <see cref="LeadWork"/> finds them without a query of its own.
/// </summary>
internal sealed class LeadBatch
{
    private readonly NurtureDbContext _db;
    private readonly Dictionary<Guid, Lead> _leads;
    private readonly ILookup<Guid, JourneyInstance> _instancesByLead;
    private readonly ILookup<Guid, JourneyWait> _waitsByInstance;

    private LeadBatch(NurtureDbContext db, Dictionary<Guid, Lead> leads, ILookup<Guid, JourneyInstance> instancesByLead, ILookup<Guid, JourneyWait> waitsByInstance)
    {
        _db = db;
        _leads = leads;
        _instancesByLead = instancesByLead;
        _waitsByInstance = waitsByInstance;
    }

    public static async Task<LeadBatch> LoadAsync(NurtureDbContext db, IReadOnlyCollection<Guid> leadIds, CancellationToken cancellationToken)
    {
        var leads = await db.Leads.Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var instances = await db.JourneyInstances.Where(i => leadIds.Contains(i.LeadId)).ToListAsync(cancellationToken);
        var waits = await db.JourneyWaits.Where(w => leadIds.Contains(w.LeadId)).ToListAsync(cancellationToken);
        return new LeadBatch(db, leads, instances.ToLookup(i => i.LeadId), waits.Where(w => w.InstanceId is not null).ToLookup(w => w.InstanceId!.Value));
    }

    /// <summary>The lead's unit of work in this batch's context.</summary>
    public LeadWork Work(Guid leadId, BatchReads? reads = null)
    {
        var work = new LeadWork(_db, _leads[leadId]);
        work.Journeys.PreloadedWaits = _waitsByInstance;
        work.Journeys.StoredInstances = _instancesByLead[leadId].ToList();
        work.Journeys.Reads = reads;
        return work;
    }
}
