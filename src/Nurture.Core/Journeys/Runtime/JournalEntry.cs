namespace Nurture.Core.Journeys.Runtime;

public enum JournalEvent
{
    /// <summary>The activity ran (its outcome, or "Waiting" when it suspended).</summary>
    Executed,

    /// <summary>A wait of the activity fired and the instance left through the outcome port.</summary>
    Resumed,

    Faulted,

    /// <summary>The lead left early: exit criteria, goal reached, unsubscribed.</summary>
    Exited,

    /// <summary>The lead was moved to another version of the journey.</summary>
    Migrated,
}

/// <summary>One activity execution of an instance, kept apart from instance state (and pruned by retention).</summary>
public sealed class JournalEntry
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public JournalEvent Event { get; set; }

    /// <summary>Order within the instance (timestamps can tie, clocks can be frozen in tests).</summary>
    public int Step { get; set; }
    public const int OutcomeLength = 64;
    public string? Outcome { get; set; }
    public DateTimeOffset At { get; set; }
}
