using Microsoft.Extensions.Time.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Scoring;
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

    [Fact]
    public async Task Committed_clicks_go_to_the_fast_lane_and_human_opens_to_the_bulk_one()
    {
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false);
        var lead = await stack.Host.CreateLeadAsync(new { email = "lanes@example.com" });
        var now = stack.Host.Clock.GetUtcNow();
        // A queue of its own, which no worker drains, behind a writer on the server's database and scoring model.
        var queue = new SignalQueue();
        var writer = new SignalWriter(stack.Host.Service<IDbContextFactory<NurtureDbContext>>(), queue,
            stack.Host.Service<ScoringModelProvider>(), Options.Create(new SignalOptions()), NullLogger<SignalWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        var opens = Enumerable.Range(0, 5).Select(_ => HumanHit(lead, SignalTypes.Open, now)).ToList();
        var click = HumanHit(lead, SignalTypes.Click, now);
        foreach (var hit in opens.Append(click))
            await writer.AcceptAsync(hit, refused: null, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var batches = queue.ReadBatchesAsync(partition: 0, maxBatch: 10, timeout.Token).GetAsyncEnumerator();
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([click.Id], batches.Current); // committed last, taken first
        var bulk = new List<Guid>();
        while (bulk.Count < opens.Count && await batches.MoveNextAsync())
        {
            Assert.Single(batches.Current); // one lead's: a batch holds each lead once
            bulk.AddRange(batches.Current);
        }
        Assert.Equal(opens.Select(o => o.Id), bulk);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task In_a_burst_hits_gather_for_the_commit_interval_and_go_in_one_commit(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var lead = await stack.Host.CreateLeadAsync(new { email = "gathered@example.com" });
        var now = stack.Host.Clock.GetUtcNow();
        var interval = TimeSpan.FromSeconds(1);
        // Commits are paced on a clock of their own, fake here: each duration below is exact.
        var pacing = new FakeTimeProvider();
        var writer = new SignalWriter(stack.Host.Service<IDbContextFactory<NurtureDbContext>>(), new SignalQueue(),
            stack.Host.Service<ScoringModelProvider>(), Options.Create(new SignalOptions { CommitInterval = interval }), NullLogger<SignalWriter>.Instance)
        {
            Pacing = pacing,
        };
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // After a quiet spell: committed at once, the pacing clock never moved.
            var start = pacing.GetTimestamp();
            await writer.WriteAsync(MachineOpen(lead, now), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(1, writer.Commits);

            // Right behind it, a burst: it waits for the interval and goes in one commit.
            var burst = Enumerable.Range(0, 300).Select(_ => MachineOpen(lead, now)).ToList();
            foreach (var hit in burst)
                await writer.AcceptAsync(hit, refused: null, CancellationToken.None);
            var flushed = writer.FlushAsync(CancellationToken.None);
            // The clock moves only until the second commit begins. The writer's thread may be slow to wake (a
            // loaded machine), so what gives up is a wall-clock safety net, not an amount of fake time.
            var giveUp = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
            while (writer.Commits < 2)
            {
                Assert.True(DateTimeOffset.UtcNow < giveUp, "the burst was never committed");
                pacing.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Yield();
            }
            var committedAfter = pacing.GetElapsedTime(start);
            await flushed.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(committedAfter >= interval, $"the burst was committed {committedAfter.TotalMilliseconds} ms after the first hit");
            Assert.Equal(2, writer.Commits);
            await using var db = stack.Host.CreateDbContext();
            Assert.Equal(1 + burst.Count, await db.Signals.CountAsync(s => s.LeadId == lead));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    private static Signal HumanHit(Guid leadId, string type, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        LeadId = leadId,
        Type = type,
        Source = "tracking",
        LabelReason = "a person's browser",
        IpAddress = "203.0.113.9",
        UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0",
        OccurredAt = now,
        ReceivedAt = now,
    };

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
