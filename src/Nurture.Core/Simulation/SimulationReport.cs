using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;

namespace Nurture.Core.Simulation;

/// <summary>Reads a finished simulation's scratch database (journal, instances, outbox, stages, handoffs) into its figures.</summary>
internal static class SimulationReport
{
    public static async Task<SimulationResult> BuildAsync(NurtureDbContext db, LoadedJourney journey, int leads, int seed, DateTimeOffset start, DateTimeOffset end,
        SimulationObserver observer, RoutingModel routing, CancellationToken cancellationToken)
    {
        var weeks = observer.WaitingAtWeekEnd.Count;
        int WeekOf(DateTimeOffset at) => Math.Clamp(observer.WeekOf(at), 0, weeks - 1);

        var journal = await (
                from j in db.Journal.AsNoTracking()
                join i in db.JourneyInstances.AsNoTracking() on j.InstanceId equals i.Id
                where i.JourneyId == journey.Id
                select new { j.InstanceId, j.ActivityId, j.Event, j.Outcome, j.At })
            .ToListAsync(cancellationToken);
        var instances = await db.JourneyInstances.AsNoTracking().Where(i => i.JourneyId == journey.Id)
            .Select(i => new { i.Id, i.Status, i.CurrentActivityId, i.FaultReason }).ToListAsync(cancellationToken);

        var executions = journal.Where(j => j.Event == JournalEvent.Executed).ToLookup(j => j.ActivityId);
        var faults = instances.Where(i => i.Status == JourneyInstanceStatus.Faulted).ToLookup(i => i.CurrentActivityId);
        var steps = journey.Definition.Activities.Select(node =>
        {
            var entered = new int[weeks];
            foreach (var entry in executions[node.Id])
                entered[WeekOf(entry.At)]++;
            var waiting = observer.WaitingAtWeekEnd.Select(w => w.GetValueOrDefault(node.Id)).ToArray();
            // What entered and is no longer waiting there has left, through an outcome or an exit.
            var left = entered.Select((n, w) => n - (waiting[w] - (w == 0 ? 0 : waiting[w - 1]))).ToArray();
            var faulted = faults[node.Id].ToList();
            return new StepFigures(node.Id, node.Type, entered.Sum(), left.Sum(), waiting.LastOrDefault(), faulted.Count, faulted.FirstOrDefault()?.FaultReason,
                entered, waiting, left);
        }).ToList();

        // A completed run's last journal line says through which outcome it left its last step.
        var completed = instances.Where(i => i.Status == JourneyInstanceStatus.Completed).Select(i => i.Id).ToHashSet();
        var deadEnds = journal.Where(j => completed.Contains(j.InstanceId) && j.Event is JournalEvent.Executed or JournalEvent.Resumed)
            .GroupBy(j => j.InstanceId)
            .Select(g => g.OrderBy(j => j.At).ThenBy(j => j.Event == JournalEvent.Resumed ? 0 : 1).Last())
            .Select(last => (last.ActivityId, Outcome: OutcomeOf(last.Outcome)))
            .Where(last => IsDeadEnd(journey, last.ActivityId, last.Outcome))
            .GroupBy(last => last)
            .Select(g => new DeadEnd(g.Key.ActivityId, g.Key.Outcome, g.Count()))
            .OrderBy(d => d.Step, StringComparer.Ordinal).ThenBy(d => d.Outcome, StringComparer.Ordinal)
            .ToList();

        return new SimulationResult
        {
            Seed = seed,
            Leads = leads,
            Start = start,
            End = end,
            Weeks = weeks,
            Steps = steps,
            Emails = await EmailsAsync(db, leads, weeks, WeekOf, observer, cancellationToken),
            Mql = await MqlAsync(db, start, weeks, WeekOf, cancellationToken),
            Handoffs = await HandoffsAsync(db, start, weeks, WeekOf, routing, cancellationToken),
            DeadEnds = deadEnds,
        };
    }

    /// <summary>"Done: variant B" → "Done".</summary>
    private static string OutcomeOf(string outcome) => outcome.Split(':', 2)[0];

    private static bool IsDeadEnd(LoadedJourney journey, string activityId, string outcome)
    {
        var connections = journey.Definition.Connections.Where(c => c.From == activityId).ToList();
        return outcome is not ("End" or "Waiting") && connections.Count > 0 && connections.All(c => c.Outcome != outcome);
    }

    private static async Task<EmailFigures> EmailsAsync(NurtureDbContext db, int leads, int weeks, Func<DateTimeOffset, int> weekOf, SimulationObserver observer,
        CancellationToken cancellationToken)
    {
        var marketing = await db.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.Marketing)
            .Select(m => new { m.LeadId, m.SentAt, m.Status, m.TemplateName }).ToListAsync(cancellationToken);
        var sent = marketing.Where(m => m.SentAt is not null).ToList();
        var byWeek = new int[weeks];
        foreach (var message in sent)
            byWeek[weekOf(message.SentAt!.Value)]++;
        var maxPerLead = sent.GroupBy(m => (m.LeadId, weekOf(m.SentAt!.Value))).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var capHolds = observer.HeldByWeek(byCap: true, weeks);
        var quietHolds = observer.HeldByWeek(byCap: false, weeks);
        return new EmailFigures(
            sent.Count,
            byWeek,
            byWeek.Select(n => leads == 0 ? 0 : Math.Round((double)n / leads, 3)).ToList(),
            maxPerLead,
            capHolds.Sum(),
            quietHolds.Sum(),
            capHolds,
            quietHolds,
            marketing.Count - sent.Count,
            sent.GroupBy(m => m.TemplateName ?? "").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static async Task<MqlFigures> MqlAsync(NurtureDbContext db, DateTimeOffset start, int weeks, Func<DateTimeOffset, int> weekOf, CancellationToken cancellationToken)
    {
        var crossings = await db.StageTransitions.AsNoTracking().Where(t => t.To == LeadStage.Mql).Select(t => new { t.LeadId, t.At }).ToListAsync(cancellationToken);
        var firsts = crossings.GroupBy(c => c.LeadId).Select(g => g.Min(c => c.At)).Order().ToList();
        var byWeek = new int[weeks];
        foreach (var at in firsts)
            byWeek[weekOf(at)]++;
        double? median = firsts.Count == 0 ? null : Math.Round((firsts[firsts.Count / 2] - start).TotalDays, 1);
        return new MqlFigures(firsts.Count, byWeek, median);
    }

    private static async Task<List<RepFigures>> HandoffsAsync(NurtureDbContext db, DateTimeOffset start, int weeks, Func<DateTimeOffset, int> weekOf, RoutingModel routing,
        CancellationToken cancellationToken)
    {
        var handoffs = await db.Handoffs.AsNoTracking().Select(h => new { h.RepEmail, h.CreatedAt, h.AcceptedAt, h.RejectedAt }).ToListAsync(cancellationToken);
        return handoffs.GroupBy(h => h.RepEmail.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(rep =>
        {
            var byWeek = new int[weeks];
            foreach (var handoff in rep)
                byWeek[weekOf(handoff.CreatedAt)]++;
            var (openAtWeekEnd, peak) = OpenHandoffs(rep.Select(h => (h.CreatedAt, h.AcceptedAt ?? h.RejectedAt)), start, weeks);
            return new RepFigures(rep.Key, routing.Rep(rep.Key)?.Capacity, rep.Count(), byWeek, openAtWeekEnd, peak);
        }).ToList();
    }

    /// <summary>
    /// Open handoffs (assigned, not yet answered) at each week's end, and the most at once: one pass over the
    /// assignments and answers in time order, an answer before an assignment at the same instant.
    /// </summary>
    private static (IReadOnlyList<int> AtWeekEnd, int Peak) OpenHandoffs(IEnumerable<(DateTimeOffset From, DateTimeOffset? Until)> spans, DateTimeOffset start, int weeks)
    {
        var changes = spans.SelectMany(s => s.Until is { } until ? new[] { (At: s.From, Step: 1), (At: until, Step: -1) } : [(At: s.From, Step: 1)])
            .OrderBy(c => c.At).ThenBy(c => c.Step).ToList();
        var atWeekEnd = new int[weeks];
        var (open, peak, next) = (0, 0, 0);
        for (var week = 0; week < weeks; week++)
        {
            var end = start + SimulationObserver.Week * (week + 1);
            for (; next < changes.Count && changes[next].At <= end; next++)
            {
                open += changes[next].Step;
                peak = Math.Max(peak, open);
            }
            atWeekEnd[week] = open;
        }
        for (; next < changes.Count; next++)
        {
            open += changes[next].Step;
            peak = Math.Max(peak, open);
        }
        return (atWeekEnd, peak);
    }
}
