namespace Nurture.Core.Signals;

public sealed class SignalOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Signals";

    /// <summary>Concurrent consumers of the signal queue, each owning a share of the leads; more than the cores only adds write contention on SQLite.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>At most this many queued signals per batch: a fast-lane signal may wait for the batches already being processed.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// The longest a batch of bulk signals (opens, page views) waits for spare capacity while requests keep
    /// every core busy; zero: it never waits.
    /// </summary>
    public TimeSpan BulkMaxWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The share of the time the bulk lane keeps while requests keep every core busy for longer than
    /// <see cref="BulkMaxWait"/> (at least 0, under 1): each wait that runs out lets it work unhindered for
    /// long enough. What it takes, intake loses: a tenth kept a burst of opens at about 90 % of its rate
    /// with no scoring at all, a fifth at about 80 %.
    /// </summary>
    public double BulkShare { get; set; } = SpareCapacity.DefaultShare;

    /// <summary>
    /// In a burst, the least time between two group commits of incoming signals (more rows per commit, fewer
    /// pages written per row); an API call that waits for its commit may wait this much longer. Zero commits
    /// as often as the database allows.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Failed processing attempts after which a signal is dead-lettered (kept, listed, retried on demand).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often committed but unprocessed signals are looked for (by one node at a time).</summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<string> Problems()
    {
        if (MaxAttempts is < 1 or > 100)
            yield return $"Signals:MaxAttempts must be between 1 and 100 (got {MaxAttempts}).";
        if (Workers is < 1 or > 64)
            yield return $"Signals:Workers must be between 1 and 64 (got {Workers}).";
        if (BatchSize is < 1 or > 1000)
            yield return $"Signals:BatchSize must be between 1 and 1000 (got {BatchSize}).";
        if (BulkShare is < 0 or >= 1)
            yield return $"Signals:BulkShare must be at least 0 and under 1 (0.1 keeps a tenth of the time for scoring opens under load; got {BulkShare}).";
        if (BulkMaxWait < TimeSpan.Zero || CommitInterval < TimeSpan.Zero)
            yield return $"Signals:BulkMaxWait and Signals:CommitInterval must be 0 or more (got '{BulkMaxWait}', '{CommitInterval}').";
    }
}
