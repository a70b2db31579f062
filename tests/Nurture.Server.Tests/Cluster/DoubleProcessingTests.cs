using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Core.Data;
using Nurture.Core.Processing;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Data;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// A unit of work reads a signal, then its lead. When another node processes the same signal and commits in
/// between (a node's queue and another's replay of what looked stale), the lead is read fresh, so the lead's
/// revision cannot tell: the signal itself must. The chaos run's long run met it once (a download scored twice).
/// Here node B's processing is run at the exact moment node A's unit reads the lead, by an interceptor.
/// </summary>
public sealed class DoubleProcessingTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_signal_another_node_processed_while_this_one_read_it_is_not_scored_twice(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var (nodeA, nodeB) = (stack.Host, await stack.StartHostAsync(o => o with { Clock = stack.Host.Clock }));
        var first = await UnprocessedDownloadAsync(nodeA, "first@example.com");
        var second = await UnprocessedDownloadAsync(nodeA, "second@example.com");
        var third = await UnprocessedDownloadAsync(nodeA, "third@example.com");

        // Alone: the unit of work of one signal.
        await ProcessorMeetingAsync(nodeA, nodeB, stack.Database, first.Signal).ProcessAsync(first.Signal, CancellationToken.None);
        // In a batch: the round of many leads' signals, one of them taken by node B meanwhile.
        await ProcessorMeetingAsync(nodeA, nodeB, stack.Database, second.Signal).ProcessBatchAsync([second.Signal, third.Signal], CancellationToken.None);

        await using var db = nodeA.CreateDbContext();
        foreach (var (lead, signal) in new[] { first, second, third })
        {
            Assert.Equal(1, await db.ScoreEntries.CountAsync(e => e.SignalId == signal));
            Assert.Equal(10, (await nodeA.LeadAsync(lead)).EngagementScore);
        }
    }

    /// <summary>Node A's processor, whose first read of a lead waits until node B has processed <paramref name="signal"/>.</summary>
    private static SignalProcessor ProcessorMeetingAsync(NurtureTestHost nodeA, NurtureTestHost nodeB, TestDatabase database, Guid signal)
    {
        var meeting = new ProcessedMeanwhile(() => nodeB.Service<SignalProcessor>().ProcessAsync(signal, CancellationToken.None));
        var options = new DbContextOptionsBuilder<NurtureDbContext>();
        options.Use(database.Provider, database.ConnectionString);
        var pragmas = SqlitePragmas.FromConfiguration(nodeA.Service<IConfiguration>()); // SQLite's busy timeout, as the server's contexts have
        return ActivatorUtilities.CreateInstance<SignalProcessor>(nodeA.App.Services, new Contexts(options.AddInterceptors(meeting, pragmas).Options));
    }

    private static async Task<(Guid Lead, Guid Signal)> UnprocessedDownloadAsync(NurtureTestHost host, string email)
    {
        var lead = await host.CreateLeadAsync(new { email });
        var now = host.Clock.GetUtcNow();
        var signal = new Signal { Id = Guid.CreateVersion7(now), LeadId = lead, Type = SignalTypes.Download, Source = "api", OccurredAt = now, ReceivedAt = now };
        await using var db = host.CreateDbContext();
        db.Signals.Add(signal); // committed, not queued: only the processors below see it
        await db.SaveChangesAsync();
        return (lead, signal.Id);
    }

    /// <summary>Runs the other node's processing once, just before the first statement that reads the leads table.</summary>
    private sealed class ProcessedMeanwhile(Func<Task> otherNode) : DbCommandInterceptor
    {
        private int _done;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // SQLite's SQL quotes the table's name, PostgreSQL's leaves a lower-case name bare.
            if ((command.CommandText.Contains("FROM \"leads\"", StringComparison.Ordinal) || command.CommandText.Contains("FROM leads ", StringComparison.Ordinal))
                && Interlocked.Exchange(ref _done, 1) == 0)
                await otherNode();
            return result;
        }
    }

    private sealed class Contexts(DbContextOptions<NurtureDbContext> options) : IDbContextFactory<NurtureDbContext>
    {
        public NurtureDbContext CreateDbContext() => new(options);
    }
}
