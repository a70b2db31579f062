namespace Nurture.Core.Journeys.Runtime;

public sealed class JourneyOptions : Configuration.ISelfValidatingOptions
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

    public IEnumerable<string> Problems()
    {
        if (SweepInterval < TimeSpan.Zero)
            yield return $"Journeys:SweepInterval must be 0 (off on this node) or more (got '{SweepInterval}').";
        if (SweepBatchSize is < 1 or > 10_000)
            yield return $"Journeys:SweepBatchSize must be between 1 and 10000 (got {SweepBatchSize}).";
        if (SweepWorkers is < 1 or > 16)
            yield return $"Journeys:SweepWorkers must be between 1 and 16 (got {SweepWorkers}).";
        if (JournalRetention <= TimeSpan.Zero)
            yield return $"Journeys:JournalRetention must be positive (got '{JournalRetention}').";
    }
}
