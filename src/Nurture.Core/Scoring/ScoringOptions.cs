namespace Nurture.Core.Scoring;

public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>The model file; <c>workflows/scoring/model.json</c> when not set.</summary>
    public string? ModelFile { get; set; }

    /// <summary>DNS servers for MX lookups ("127.0.0.1:53"); the system's resolvers when empty.</summary>
    public List<string> DnsServers { get; set; } = [];

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often decay and inactivity are written to the ledger; zero turns it off on this node.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);
}
