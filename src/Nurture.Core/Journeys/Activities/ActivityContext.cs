using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Activities;

/// <summary>Everything one activity execution may read or change; all of it commits in one transaction.</summary>
public sealed class ActivityContext
{
    public required LeadWork Work { get; init; }
    public NurtureDbContext Db => Work.Db;
    public Lead Lead => Work.Lead;
    public required JourneyInstance Instance { get; init; }
    public required LoadedJourney Journey { get; init; }
    public required ActivityNode Node { get; init; }
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// When the lead's own action (sign-up, a signal) started or resumed this run; null when a timer, a
    /// rep or a migration did. An email sent soon after it answers the lead rather than campaigns.
    /// </summary>
    public DateTimeOffset? LeadActionAt { get; init; }

    /// <summary>
    /// How many times this instance has reached this node, this time included (1 the first time). Counted
    /// on demand: only steps with side effects outside the lead (emails, webhooks) need it.
    /// </summary>
    public required Func<CancellationToken, Task<int>> CountVisit { get; init; }

    /// <summary>Stable per (lead, journey version, node, occurrence): the outbox refuses a second email with it.</summary>
    public async Task<string> IdempotencyKeyAsync(CancellationToken cancellationToken) =>
        $"journey:{Journey.Id}@v{Journey.Version}/lead:{Lead.Id:N}/entry:{Instance.Entry}/node:{Node.Id}/visit:{await CountVisit(cancellationToken)}";

    public void AddTimerWait(DateTimeOffset dueAt, string outcome) =>
        Db.JourneyWaits.Add(JourneyWait.Timer(Instance, Node.Id, dueAt, outcome, Now));

    public void AddSignalWait(string signalType, Dictionary<string, string>? filters, string outcome) =>
        Db.JourneyWaits.Add(JourneyWait.ForSignal(Instance, Node.Id, signalType, filters, outcome, Now));
}
