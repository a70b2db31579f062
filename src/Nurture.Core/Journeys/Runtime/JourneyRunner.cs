using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Moves instances from activity to activity until they wait or end. It only changes the given
/// DbContext: the caller commits state, waits and queued emails together, in one SaveChanges.
/// </summary>
public sealed class JourneyRunner(ActivityRegistry activities, JourneyCatalog catalog, TimeProvider time, ILogger<JourneyRunner> logger)
{
    /// <summary>Validation refuses loops without a wait; this is the runtime's second line of defence.</summary>
    public const int MaxStepsPerRun = 100;

    public async Task StartTriggeredAsync(NurtureDbContext db, Lead lead, string triggerType, CancellationToken cancellationToken)
    {
        foreach (var journey in catalog.TriggeredBy(triggerType))
            await StartAsync(db, lead, journey, cancellationToken);
    }

    /// <returns>The new instance, or null when the lead has already been in this journey.</returns>
    public async Task<JourneyInstance?> StartAsync(NurtureDbContext db, Lead lead, LoadedJourney journey, CancellationToken cancellationToken)
    {
        var alreadyEntered = db.JourneyInstances.Local.Any(i => i.LeadId == lead.Id && i.JourneyId == journey.Id)
            || await db.JourneyInstances.AnyAsync(i => i.LeadId == lead.Id && i.JourneyId == journey.Id, cancellationToken);
        if (alreadyEntered)
            return null;

        var now = time.GetUtcNow();
        var instance = new JourneyInstance
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            JourneyId = journey.Id,
            Version = journey.Version,
            ActiveKey = JourneyInstance.ActiveKeyFor(lead.Id, journey.Id),
            RunStartedAt = now,
            StartedAt = now,
            UpdatedAt = now,
        };
        db.JourneyInstances.Add(instance);
        await RunAsync(db, lead, instance, journey, journey.Definition.StartActivity!, cancellationToken);
        return instance;
    }

    /// <summary>Continues a waiting instance through the given outcome port of the activity it waited in.</summary>
    public async Task ResumeAsync(NurtureDbContext db, Lead lead, JourneyInstance instance, JourneyWait firedWait, Guid? signalId, CancellationToken cancellationToken)
    {
        if (instance.Status != JourneyInstanceStatus.Waiting)
            return;
        var now = time.GetUtcNow();
        var journey = await catalog.GetVersionAsync(db, instance.JourneyId, instance.Version, cancellationToken);
        db.JourneyWaits.RemoveRange(await db.JourneyWaits.Where(w => w.InstanceId == instance.Id).ToListAsync(cancellationToken));

        instance.RunStartedAt = now;
        instance.ResumedBySignalId = signalId;
        var waitedIn = journey.Definition.FindActivity(firedWait.ActivityId);
        Journal(db, instance, firedWait.ActivityId, waitedIn?.Type ?? "?", JournalEvent.Resumed, firedWait.Outcome, now);

        var next = journey.Definition.Next(firedWait.ActivityId, firedWait.Outcome);
        if (next is null)
            Finish(instance, now);
        else
            await RunAsync(db, lead, instance, journey, next, cancellationToken);
    }

    private async Task RunAsync(NurtureDbContext db, Lead lead, JourneyInstance instance, LoadedJourney journey, ActivityNode node, CancellationToken cancellationToken)
    {
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
                Db = db,
                Lead = lead,
                Instance = instance,
                Journey = journey,
                Node = node,
                Now = now,
                Visit = await CountVisitsAsync(db, instance, node.Id, cancellationToken) + 1,
            };
            ActivityResult result;
            try
            {
                result = await activity.ExecuteAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DbUpdateException)
            {
                Fail(db, instance, node, now, e.Message);
                return;
            }

            Journal(db, instance, node.Id, node.Type, JournalEvent.Executed, result.Suspended ? "Waiting" : result.Outcome ?? "End", now);
            if (result.Suspended)
            {
                instance.Status = JourneyInstanceStatus.Waiting;
                return;
            }
            var next = result.Outcome is null ? null : journey.Definition.Next(node.Id, result.Outcome);
            if (next is null)
            {
                Finish(instance, now);
                return;
            }
            node = next;
        }
    }

    private static async Task<int> CountVisitsAsync(NurtureDbContext db, JourneyInstance instance, string activityId, CancellationToken cancellationToken)
    {
        var pending = db.Journal.Local.Count(j => j.InstanceId == instance.Id && j.ActivityId == activityId && j.Event == JournalEvent.Executed);
        if (db.Entry(instance).State == EntityState.Added)
            return pending;
        return pending + await db.Journal.CountAsync(
            j => j.InstanceId == instance.Id && j.ActivityId == activityId && j.Event == JournalEvent.Executed, cancellationToken);
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
        });

    private static void Finish(JourneyInstance instance, DateTimeOffset now) => instance.Complete(now);

    private void Fail(NurtureDbContext db, JourneyInstance instance, ActivityNode node, DateTimeOffset now, string reason)
    {
        logger.LogError("Journey {JourneyId} v{Version} faulted for lead {LeadId} at {ActivityId}: {Reason}",
            instance.JourneyId, instance.Version, instance.LeadId, node.Id, reason);
        Journal(db, instance, node.Id, node.Type, JournalEvent.Faulted, "Faulted", now);
        instance.Fault(now, $"{node.Id}: {reason}");
    }
}
