namespace Nurture.Core.Scoring;

public sealed class ScoringOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Scoring";

    /// <summary>The model file; <c>workflows/scoring/model.json</c> when not set.</summary>
    public string? ModelFile { get; set; }

    /// <summary>DNS servers for MX lookups ("127.0.0.1:53"); the system's resolvers when empty.</summary>
    public List<string> DnsServers { get; set; } = [];

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often decay and inactivity are written to the ledger; zero turns it off on this node.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Problems()
    {
        foreach (var server in DnsServers.Where(s => !System.Net.IPEndPoint.TryParse(s, out _)))
            yield return $"Scoring:DnsServers: '{server}' is not an address such as '9.9.9.9' or '9.9.9.9:53'.";
        if (DnsTimeout <= TimeSpan.Zero || DnsTimeout > TimeSpan.FromSeconds(30))
            yield return $"Scoring:DnsTimeout must be above 0 and at most 30 seconds (got '{DnsTimeout}').";
        if (MaintenanceInterval < TimeSpan.Zero)
            yield return $"Scoring:MaintenanceInterval must be 0 (off) or more (got '{MaintenanceInterval}').";
    }
}
