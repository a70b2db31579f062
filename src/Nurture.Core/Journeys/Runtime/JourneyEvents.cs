using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// Reacts to what a unit of work raised: leads leave journeys whose exit criteria or goal are met, and
/// enter the journeys those events trigger (higher priority first). Events raised by the journeys it
/// starts (a SetStage, an AddTag) come back through <see cref="LeadEvents"/> in the same pass.
/// </summary>
public sealed class JourneyEvents(JourneyCatalog catalog, JourneyRunner runner, TimeProvider time) : ILeadEventHandler
{
    public async Task HandleAsync(LeadWork work, LeadEvent leadEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(leadEvent);
        await ExitOrConvertAsync(work, leadEvent, cancellationToken);
        foreach (var journey in catalog.Published.Where(j => j.Definition.Triggers.Any(t => TriggerMatcher.Matches(t, leadEvent)))
                     .OrderByDescending(j => j.Definition.Settings.Priority).ThenBy(j => j.Id, StringComparer.Ordinal))
            await runner.StartAsync(work, journey, LeadActionAt(work, leadEvent), cancellationToken);
    }

    /// <summary>Sign-ups and signals are the lead's own doing; stage changes, tags and scores are not.</summary>
    private static DateTimeOffset? LeadActionAt(LeadWork work, LeadEvent leadEvent) => leadEvent.Kind switch
    {
        LeadEventKind.Created => work.Lead.CreatedAt,
        LeadEventKind.SignalReceived => leadEvent.Signal!.ReceivedAt,
        _ => null,
    };

    private async Task ExitOrConvertAsync(LeadWork work, LeadEvent leadEvent, CancellationToken cancellationToken)
    {
        if (leadEvent.Kind == LeadEventKind.Created)
            return;
        foreach (var instance in (await JourneyRunner.InstancesAsync(work, cancellationToken)).Where(i => i.IsActive))
        {
            var settings = (await catalog.GetVersionAsync(work.Db, instance.JourneyId, instance.Version, cancellationToken)).Definition.Settings;
            if (settings.Goal is { } goal && TriggerMatcher.Reaches(goal, leadEvent))
            {
                instance.ConvertedAt = time.GetUtcNow();
                await runner.ExitAsync(work.Db, instance, "goal reached", cancellationToken);
            }
            else if (TriggerMatcher.ExitReason(settings.Exit, leadEvent) is { } reason)
            {
                await runner.ExitAsync(work.Db, instance, reason, cancellationToken);
            }
        }
    }
}
