using Microsoft.Extensions.Options;
using Nurture.Core.Links;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;

namespace Nurture.Core.Tracking;

/// <summary>
/// Labels tracking hits so that machines do not inflate scores: Apple Mail Privacy Protection prefetches
/// every image with the bare "Mozilla/5.0" agent, Gmail fetches through its image proxy, and link scanners
/// (Safe Links, Mimecast, Proofpoint…) fetch every link within seconds of delivery, often from several
/// datacenter IPs at once, and follow links no person can see.
/// </summary>
public sealed class HitClassifier(IOptions<TrackingOptions> options)
{
    private static readonly string[] ScannerAgents =
    [
        "barracuda", "mimecast", "proofpoint", "safelinks", "symantec", "trendmicro", "forcepoint",
        "bot", "spider", "crawler", "python-requests", "go-http-client", "headlesschrome",
    ];

    /// <summary>The part of a link scanner's, crawler's or script's agent found in <paramref name="agent"/>; the website's hits are judged by it too.</summary>
    public static string? KnownScanner(string agent) => ScannerAgents.FirstOrDefault(s => agent.Contains(s, StringComparison.OrdinalIgnoreCase));

    public (SignalLabel Label, string Reason) Classify(string kind, string? userAgent, DateTimeOffset hitAt, DateTimeOffset? deliveredAt, HitHistory? history = null)
    {
        var agent = userAgent?.Trim() ?? "";
        if (kind == SignalTypes.Open && agent == "Mozilla/5.0")
            return (SignalLabel.MachineOpen, "Apple Mail Privacy Protection user agent");
        if (agent.Contains("GoogleImageProxy", StringComparison.OrdinalIgnoreCase))
            return (SignalLabel.Proxy, "Gmail image proxy");
        if (agent.Length == 0)
            return (SignalLabel.Scanner, "no user agent");
        if (KnownScanner(agent) is { } scanner)
            return (SignalLabel.Scanner, $"known scanner user agent ({scanner})");

        var settings = options.Value;
        var machine = kind == SignalTypes.Open ? SignalLabel.MachineOpen : SignalLabel.Scanner;
        if (history is { HoneypotFromSameIp: true })
            return (machine, "this IP followed the hidden honeypot link of the same email");
        if (history is { DistinctIpsInBurst: var ips } && ips >= settings.BurstIps)
            return (machine, $"burst of {ips} distinct IPs on one email within {settings.BurstWindow.TotalSeconds:0} s");

        var window = settings.ScannerWindow;
        if (kind != SignalTypes.Open && deliveredAt is { } sent && hitAt - sent < window)
            return (SignalLabel.Scanner, $"fetched {(hitAt - sent).TotalSeconds:0.#} s after delivery (under {window.TotalSeconds:0} s)");

        return (SignalLabel.Human, "browser user agent, after the scanner window");
    }
}

/// <summary>What was seen before on the same email: the evidence user agents cannot give.</summary>
public sealed record HitHistory(int DistinctIpsInBurst, bool HoneypotFromSameIp);
