namespace Nurture.Core.Journeys.Runtime;

public sealed class JourneyOptions
{
    public const string Section = "Journeys";

    /// <summary>How often Quartz fires due timers; zero turns the sweep off on this node.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Due timers fired per unit of work and commit.</summary>
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>Batches fired at once by one sweep (each claimed under its own lease).</summary>
    public int SweepWorkers { get; set; } = 2;

    /// <summary>How long the journal of an ended run is kept.</summary>
    public TimeSpan JournalRetention { get; set; } = TimeSpan.FromDays(180);
}
