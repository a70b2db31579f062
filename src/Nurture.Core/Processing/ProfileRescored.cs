using Nurture.Core.Handoff;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Processing;

/// <summary>
/// What follows when a lead's profile is scored again outside a signal (a profile update, a new model
/// version): ScoreCrossed triggers see any change, and a lead that now qualifies is handed to sales exactly
/// as a signal would hand it (same rule, same routing, same notification, once).
/// </summary>
public sealed class ProfileRescored(HandoffService handoff, LeadEvents events)
{
    public async Task HandleAsync(LeadWork work, LeadScores before, string cause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var after = LeadScores.Of(work.Lead);
        work.RaiseIfScoresChanged(before);
        // Asked even when no score moved: a new model can change the rule itself.
        await handoff.HandOffIfQualifiedAsync(work, after == before
            ? $"{cause} qualifies it (fit {after.Fit}, engagement {after.Engagement}, quality {after.Quality})"
            : $"{cause} took fit from {before.Fit} to {after.Fit}, quality from {before.Quality} to {after.Quality}", cancellationToken);
        await events.DispatchAsync(work, cancellationToken);
    }
}
