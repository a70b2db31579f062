using Microsoft.EntityFrameworkCore;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Signals;

/// <summary>
/// Tracking hits are answered once the writer has them, before their group commit: a graceful stop must
/// commit what it holds, and a row the database refuses must not take its batch with it.
/// </summary>
public sealed class SignalWriterTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Hits_accepted_before_a_stop_are_all_committed_by_the_stop(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var lead = await stack.Host.CreateLeadAsync(new { email = "burst@example.com" });
        var writer = stack.Host.Service<SignalWriter>();
        var now = stack.Host.Clock.GetUtcNow();

        var accepted = new List<Guid>();
        for (var i = 0; i < 3_000; i++)
        {
            var hit = MachineOpen(lead, now);
            await writer.AcceptAsync(hit, refused: null, CancellationToken.None);
            accepted.Add(hit.Id);
        }
        await stack.StopHostAsync();

        await stack.StartHostAsync();
        await using var db = stack.Host.CreateDbContext();
        Assert.Equal(accepted.Count, await db.Signals.CountAsync(s => s.LeadId == lead && s.Type == SignalTypes.Open));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_refused_hit_is_reported_and_its_batch_neighbours_are_committed(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var lead = await stack.Host.CreateLeadAsync(new { email = "kept@example.com" });
        var writer = stack.Host.Service<SignalWriter>();
        var now = stack.Host.Clock.GetUtcNow();

        var refused = new List<Guid>();
        var orphan = MachineOpen(Guid.NewGuid(), now); // no such lead: the foreign key refuses it
        var kept = Enumerable.Range(0, 20).Select(_ => MachineOpen(lead, now)).ToList();
        foreach (var hit in kept.Take(10).Append(orphan).Concat(kept.Skip(10)))
            await writer.AcceptAsync(hit, s => { lock (refused) refused.Add(s.Id); }, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal([orphan.Id], refused);
        await using var db = stack.Host.CreateDbContext();
        var ids = kept.Select(h => h.Id).ToList();
        Assert.Equal(kept.Count, await db.Signals.CountAsync(s => ids.Contains(s.Id)));
        Assert.False(await db.Signals.AnyAsync(s => s.Id == orphan.Id));
    }

    private static Signal MachineOpen(Guid leadId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LeadId = leadId,
        Type = SignalTypes.Open,
        Source = "tracking",
        Label = SignalLabel.MachineOpen,
        LabelReason = "Apple Mail Privacy Protection user agent",
        IpAddress = "17.58.0.1",
        UserAgent = "Mozilla/5.0",
        OccurredAt = now,
        ReceivedAt = now,
        ProcessedAt = now,
    };
}
