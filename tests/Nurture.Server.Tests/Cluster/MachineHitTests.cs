using Microsoft.EntityFrameworkCore;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Behind a load balancer, an email's hits land on different nodes: a scanner farm's burst, or a scanner that
/// follows the hidden link through one node and a real link through another, must be labelled as a machine
/// just as one node would label it, and must not score.
/// </summary>
public sealed class MachineHitTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Hits_on_one_email_spread_over_two_nodes_are_labelled_as_one_node_would(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider);
        var nodeA = stack.Host;
        var nodeB = await stack.StartHostAsync(o => o with { Clock = nodeA.Clock }); // one clock, as NTP gives real nodes
        var leadId = await nodeA.CreateLeadAsync(new { email = "spread@example.com", firstName = "Sam" });
        var welcome = await stack.Smtp!.WaitForAsync("spread@example.com", "Welcome, Sam");
        await nodeA.WaitUntilRecordedAsSentAsync(welcome);
        var hrefs = EmailLinks.Hrefs(welcome.Html);
        var click = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/t/c/")));
        var honeypot = EmailLinks.PathOf(hrefs.Single(h => h.Contains("/t/h/")));
        nodeA.Clock.Advance(TimeSpan.FromMinutes(30)); // well past the scanner window: only the other hits can tell

        // A farm of three IPs within the burst window, answered by alternating nodes.
        await HitAsync(nodeA, click, "198.51.100.1", leadId, 1);
        await HitAsync(nodeB, click, "198.51.100.2", leadId, 2);
        await HitAsync(nodeA, click, "198.51.100.3", leadId, 3);
        // Later, out of the burst: a scanner follows the hidden link through node B, then a real link through node A.
        nodeA.Clock.Advance(TimeSpan.FromMinutes(5));
        await HitAsync(nodeB, honeypot, "192.0.2.50", leadId, 4);
        nodeA.Clock.Advance(TimeSpan.FromMinutes(1));
        await HitAsync(nodeA, click, "192.0.2.50", leadId, 5);

        await using var db = nodeA.CreateDbContext();
        var hits = await db.Signals.AsNoTracking().Where(s => s.LeadId == leadId).OrderBy(s => s.ReceivedAt).ToListAsync();
        Assert.Equal([SignalLabel.Human, SignalLabel.Human, SignalLabel.Scanner, SignalLabel.Scanner, SignalLabel.Scanner], hits.Select(h => h.Label));
        Assert.Contains("burst of 3 distinct IPs", hits[2].LabelReason, StringComparison.Ordinal);
        Assert.Contains("honeypot link of the same email", hits[4].LabelReason, StringComparison.Ordinal);
        // Two human clicks scored, the machines none.
        Assert.Equal(2, await db.Set<Core.Scoring.ScoreEntry>().CountAsync(e => e.LeadId == leadId && e.SignalId != null));
    }

    /// <summary>One hit through a node, then waits until it is processed, so the next hit's node can see it committed.</summary>
    private static async Task HitAsync(NurtureTestHost node, string path, string ip, Guid leadId, int count)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        request.Headers.Add("X-Forwarded-For", ip);
        Assert.True((int)(await node.Client.SendAsync(request)).StatusCode < 400, path);
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = node.CreateDbContext();
            return await db.Signals.CountAsync(s => s.LeadId == leadId && s.ProcessedAt != null) == count;
        }, $"hit {count} is processed");
    }
}
