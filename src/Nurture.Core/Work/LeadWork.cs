using Nurture.Core.Data;
using Nurture.Core.Leads;

namespace Nurture.Core.Work;

/// <summary>
/// One unit of work on one lead. Everything it changes is committed by one SaveChanges; the events it
/// raises (stage changed, tag added…) are dispatched to triggers, exits and goals before that commit.
/// </summary>
public sealed class LeadWork(NurtureDbContext db, Lead lead)
{
    private readonly Queue<LeadEvent> _events = new();

    public NurtureDbContext Db { get; } = db;
    public Lead Lead { get; } = lead;

    private Dictionary<Type, object>? _state;

    /// <summary>
    /// What a stage keeps for the length of this unit of work (the journeys' loaded instances, a batch's
    /// reads), created on first use: the unit of work carries it without knowing the stages that use it.
    /// </summary>
    public T State<T>() where T : class, new()
    {
        _state ??= [];
        if (!_state.TryGetValue(typeof(T), out var state))
            _state[typeof(T)] = state = new T();
        return (T)state;
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
