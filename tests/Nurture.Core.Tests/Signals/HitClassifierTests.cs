using Microsoft.Extensions.Options;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;

namespace Nurture.Core.Tests.Signals;

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
}
