namespace Nurture.Chaos;

/// <summary>The shape of one run: how many nodes and leads, and which faults, how often.</summary>
public sealed record ChaosOptions
{
    public int Nodes { get; init; } = 2;
    public int Leads { get; init; } = 500;

    /// <summary>Leads created per second (spread over the live nodes).</summary>
    public int LeadsPerSecond { get; init; } = 25;

    /// <summary>A random node is killed (SIGKILL) this often while leads flow, and started again after <see cref="RestartAfter"/>.</summary>
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(6);

    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(2);
    public int MinKills { get; init; } = 4;

    /// <summary>The SMTP server refuses connections for this long, then answers 421 for as long again.</summary>
    public TimeSpan SmtpOutage { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Restart PostgreSQL (pg_ctlcluster) once mid-run.</summary>
    public bool RestartPostgres { get; init; }

    /// <summary>Start one more node halfway, joining the running cluster.</summary>
    public bool LateNode { get; init; }

    /// <summary>How long a lead's journey waits for its click before sending the follow-up anyway.</summary>
    public TimeSpan ClickWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Tracking:AnswerAfterCommit: with it an acknowledged click is never lost; without it, the crash window is measured.</summary>
    public bool AnswerAfterCommit { get; init; } = true;

    public static ChaosOptions Short { get; } = new();

    /// <summary>The default tracking answer (before the commit), with a kill every 2 s: how many acknowledged clicks a kill loses.</summary>
    public static ChaosOptions CrashWindow { get; } = new() { AnswerAfterCommit = false, KillEvery = TimeSpan.FromSeconds(2), MinKills = 25, LeadsPerSecond = 10 };

    public static ChaosOptions Long { get; } = new()
    {
        Nodes = 3, Leads = 10_000, LeadsPerSecond = 20, KillEvery = TimeSpan.FromSeconds(9), MinKills = 50,
        SmtpOutage = TimeSpan.FromMinutes(1), RestartPostgres = true, LateNode = true,
    };
}
