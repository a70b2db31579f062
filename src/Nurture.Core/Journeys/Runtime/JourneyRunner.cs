using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Moves instances from activity to activity until they wait or end. It only changes the unit of work's
/// DbContext: the caller commits state, waits and queued emails together, in one SaveChanges.
/// </summary>
public sealed class JourneyRunner(ActivityRegistry activities, JourneyCatalog catalog, TimeProvider time, ILogger<JourneyRunner> logger)
{
    /// <summary>Validation refuses loops without a wait; this is the runtime's second line of defence.</summary>
    public const int MaxStepsPerRun = 100;

    /// <param name="leadActionAt">When the lead did what started the run (signed up, clicked); null for other causes.</param>
    /// <returns>The new instance, or null when the journey's re-entry setting keeps the lead out.</returns>
    public async Task<JourneyInstance?> StartAsync(LeadWork work, LoadedJourney journey, DateTimeOffset? leadActionAt, CancellationToken cancellationToken)
    {
        var (db, lead) = (work.Db, work.Lead);
        var previous = (await InstancesAsync(work, cancellationToken)).Where(i => i.JourneyId == journey.Id).ToList();
        var reentry = journey.Definition.Settings.Reentry;
        if ((reentry == Reentry.Never && previous.Count > 0) || (reentry == Reentry.AfterExit && previous.Any(i => i.IsActive)))
            return null;

        var now = time.GetUtcNow();
        var entry = previous.Count == 0 ? 1 : previous.Max(i => i.Entry) + 1;
        var key = JourneyInstance.ActiveKeyFor(lead.Id, journey.Id);
        var instance = new JourneyInstance
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            JourneyId = journey.Id,
            Version = journey.Version,
            Entry = entry,
            // "Always" allows parallel runs, so each run gets its own key.
            ActiveKey = reentry == Reentry.Always ? $"{key}/{entry}" : key,
            RunStartedAt = now,
            StartedAt = now,
            UpdatedAt = now,
        };
        db.JourneyInstances.Add(instance);
        work.Journeys.StartedInstances.Add(instance);
        await RunAsync(work, instance, journey, journey.Definition.StartActivity!, leadActionAt, cancellationToken);
        return instance;
    }

    /// <summary>
    /// Continues a waiting instance through the outcome port of the wait that fired. <paramref name="causedAt"/>
    /// is when the cause happened (the timer's due time, the signal's arrival), not when this run began:
    /// a wait later in this run replays signals from that moment on, also after a retry.
    /// </summary>
    public async Task ResumeAsync(LeadWork work, JourneyInstance instance, JourneyWait firedWait, DateTimeOffset causedAt, Guid? signalId, CancellationToken cancellationToken)
    {
        if (instance.Status != JourneyInstanceStatus.Waiting)
            return;
        var now = time.GetUtcNow();
        var journey = await catalog.GetVersionAsync(work.Db, instance.JourneyId, instance.Version, cancellationToken);
        await RemoveWaitsAsync(work.Db, instance, work.Journeys.PreloadedWaits, cancellationToken);

        instance.RunStartedAt = causedAt;
        instance.ResumedBySignalId = signalId;
        var waitedIn = journey.Definition.FindActivity(firedWait.ActivityId);
        Journal(work.Db, instance, firedWait.ActivityId, waitedIn?.Type ?? "?", JournalEvent.Resumed, firedWait.Outcome, now);

        var next = journey.Definition.Next(firedWait.ActivityId, firedWait.Outcome);
        if (next is null)
            instance.Complete(now, "end of the journey");
        else
            await RunAsync(work, instance, journey, next, signalId is null ? null : causedAt, cancellationToken);
    }

    /// <summary>Runs an instance from a node (used by migrations to place a waiting lead on a new version).</summary>
    public async Task EnterAsync(LeadWork work, JourneyInstance instance, LoadedJourney journey, ActivityNode node, CancellationToken cancellationToken)
    {
        instance.RunStartedAt = time.GetUtcNow();
        instance.ResumedBySignalId = null;
        await RunAsync(work, instance, journey, node, leadActionAt: null, cancellationToken);
    }

    /// <summary>Ends an active instance early (exit criteria, goal reached, unsubscribe): its waits go with it.</summary>
    public async Task ExitAsync(NurtureDbContext db, JourneyInstance instance, string reason, CancellationToken cancellationToken)
    {
        if (!instance.IsActive)
            return;
        var now = time.GetUtcNow();
        await RemoveWaitsAsync(db, instance, preloaded: null, cancellationToken);
        Journal(db, instance, instance.CurrentActivityId ?? "?", "Exit", JournalEvent.Exited, Columns.Fit(reason, JournalEntry.OutcomeLength), now);
        instance.Complete(now, reason);
    }

    /// <summary>The lead's instances: those stored (queried once per unit of work) and those added since.</summary>
    public static async Task<List<JourneyInstance>> InstancesAsync(LeadWork work, CancellationToken cancellationToken)
    {
        var leadId = work.Lead.Id;
        var journeys = work.Journeys;
        journeys.StoredInstances ??= await work.Db.JourneyInstances.Where(i => i.LeadId == leadId).ToListAsync(cancellationToken);
        return journeys.StoredInstances.Concat(journeys.StartedInstances).DistinctBy(i => i.Id).ToList();
    }

    private static async Task RemoveWaitsAsync(NurtureDbContext db, JourneyInstance instance, ILookup<Guid, JourneyWait>? preloaded, CancellationToken cancellationToken)
    {
        if (preloaded is not null)
        {
            db.JourneyWaits.RemoveRange(preloaded[instance.Id].Where(w => db.Entry(w).State != EntityState.Deleted));
            return;
        }
        await db.JourneyWaits.Where(w => w.InstanceId == instance.Id).LoadAsync(cancellationToken);
        db.JourneyWaits.RemoveRange(db.JourneyWaits.Local.Where(w => w.InstanceId == instance.Id).ToList());
    }

    private async Task RunAsync(LeadWork work, JourneyInstance instance, LoadedJourney journey, ActivityNode node, DateTimeOffset? leadActionAt, CancellationToken cancellationToken)
    {
        var db = work.Db;
        instance.Status = JourneyInstanceStatus.Running;
        for (var step = 1; ; step++)
        {
            var now = time.GetUtcNow();
            instance.CurrentActivityId = node.Id;
            instance.UpdatedAt = now;
            if (step > MaxStepsPerRun)
            {
                Fail(db, instance, node, now, $"more than {MaxStepsPerRun} steps without a wait");
                return;
            }
            if (activities.Find(node.Type) is not { } activity)
            {
                Fail(db, instance, node, now, $"activity type '{node.Type}' is not known to this server");
                return;
            }

            var context = new ActivityContext
            {
                Work = work,
                Instance = instance,
                Journey = journey,
                Node = node,
                Now = now,
                LeadActionAt = leadActionAt,
                CountVisit = async ct => await CountVisitsAsync(work, instance, node.Id, ct),
            };
            ActivityResult result;
            try
            {
                result = await activity.ExecuteAsync(context, cancellationToken);
            }
            // A definition or data error faults the run with its reason; a database or network that did not
            // answer this time propagates, and the unit of work is tried again (lease, replay) instead.
            catch (Exception e) when (e is not OperationCanceledException and not DbUpdateException && !TransientErrors.IsTransient(e))
            {
                Fail(db, instance, node, now, e.Message);
                return;
            }

            var outcome = result.Suspended ? "Waiting" : result.Outcome ?? "End";
            Journal(db, instance, node.Id, node.Type, JournalEvent.Executed,
                result.Note is null ? outcome : Columns.Fit($"{outcome}: {result.Note}", JournalEntry.OutcomeLength), now);
            work.Journeys.CountExecution(instance.Id, node.Id);
            if (result.Suspended)
            {
                instance.Status = JourneyInstanceStatus.Waiting;
                return;
            }
            if (!instance.IsActive)
                return; // the activity ended the run itself (a goal)
            var next = result.Outcome is null ? null : journey.Definition.Next(node.Id, result.Outcome);
            if (next is null)
            {
                instance.Complete(now, "end of the journey");
                return;
            }
            node = next;
        }
    }

    /// <summary>Executions of the node so far, the current one included (its journal row is written after it runs).</summary>
    private static async Task<int> CountVisitsAsync(LeadWork work, JourneyInstance instance, string activityId, CancellationToken cancellationToken)
    {
        var db = work.Db;
        var pending = 1 + work.Journeys.UnsavedExecutions(instance.Id, activityId);
        if (db.Entry(instance).State == EntityState.Added)
            return pending;
        return pending + (work.Journeys.Reads?.StoredVisits(instance.Id, activityId) ?? await db.Journal.CountAsync(
            j => j.InstanceId == instance.Id && j.ActivityId == activityId && j.Event == JournalEvent.Executed, cancellationToken));
    }

    private static void Journal(NurtureDbContext db, JourneyInstance instance, string activityId, string type, JournalEvent journalEvent, string outcome, DateTimeOffset now) =>
        db.Journal.Add(new JournalEntry
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instance.Id,
            ActivityId = activityId,
            ActivityType = type,
            Event = journalEvent,
            Outcome = outcome,
            At = now,
            Step = ++instance.Steps,
        });

    private void Fail(NurtureDbContext db, JourneyInstance instance, ActivityNode node, DateTimeOffset now, string reason)
    {
        logger.LogError("Journey {JourneyId} v{Version} faulted for lead {LeadId} at {ActivityId}: {Reason}",
            instance.JourneyId, instance.Version, instance.LeadId, node.Id, reason);
        Journal(db, instance, node.Id, node.Type, JournalEvent.Faulted, "Faulted", now);
        instance.Fault(now, $"{node.Id}: {reason}");
    }
}
