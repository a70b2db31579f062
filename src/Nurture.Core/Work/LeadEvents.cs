namespace Nurture.Core.Work;

/// <summary>A stage that reacts to what a unit of work raised (journeys: triggers, exits, goals) before it commits.</summary>
public interface ILeadEventHandler
{
    Task HandleAsync(LeadWork work, LeadEvent leadEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Hands every event a unit of work raised to each handler, the events raised meanwhile (a journey's
/// SetStage, AddTag) in the same pass, up to a cascade limit: whoever raises an event need not know who
/// reacts to it.
/// </summary>
public sealed class LeadEvents(IEnumerable<ILeadEventHandler> handlers)
{
    public const int MaxEventsPerUnitOfWork = 50;

    private readonly ILeadEventHandler[] _handlers = [.. handlers];

    public async Task DispatchAsync(LeadWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var handled = 0; work.TryTakeEvent(out var leadEvent); handled++)
        {
            if (handled >= MaxEventsPerUnitOfWork)
                throw new InvalidOperationException($"More than {MaxEventsPerUnitOfWork} lead events in one unit of work: journeys trigger each other in a loop.");
            foreach (var handler in _handlers)
                await handler.HandleAsync(work, leadEvent, cancellationToken);
        }
    }
}
