using Microsoft.Extensions.Options;
using Nurture.Core.Links;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;

namespace Nurture.Core.Tests.Tracking;

public sealed class HitClassifierTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    private static readonly DateTimeOffset Sent = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HitClassifier _classifier = new(Options.Create(new TrackingOptions()));

    [Theory]
    [InlineData("open", "Mozilla/5.0", 3600, SignalLabel.MachineOpen)]
    [InlineData("open", "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", 3600, SignalLabel.Proxy)]
    [InlineData("click", Chrome, 3, SignalLabel.Scanner)]
    [InlineData("download", Chrome, 9, SignalLabel.Scanner)]
    [InlineData("click", "Mozilla/5.0 (compatible; Barracuda Sentinel)", 3600, SignalLabel.Scanner)]
    [InlineData("click", "", 3600, SignalLabel.Scanner)]
    [InlineData("click", Chrome, 60, SignalLabel.Human)]
    [InlineData("open", Chrome, 2, SignalLabel.Human)]
    public void Hits_are_labelled_with_a_reason(string kind, string agent, int secondsAfterDelivery, SignalLabel expected)
    {
        var (label, reason) = _classifier.Classify(kind, agent, Sent.AddSeconds(secondsAfterDelivery), Sent);

        Assert.Equal(expected, label);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData(2, false, SignalLabel.Human)]
    [InlineData(3, false, SignalLabel.Scanner)]
    [InlineData(1, true, SignalLabel.Scanner)]
    public void What_was_seen_on_the_same_email_outweighs_a_browser_agent(int distinctIps, bool honeypotFromSameIp, SignalLabel expected)
    {
        var (label, reason) = _classifier.Classify("click", Chrome, Sent.AddHours(1), Sent, new HitHistory(distinctIps, honeypotFromSameIp));

        Assert.Equal(expected, label);
        if (expected == SignalLabel.Scanner)
            Assert.Contains(honeypotFromSameIp ? "honeypot" : "burst of 3 distinct IPs", reason, StringComparison.Ordinal);
    }
}
