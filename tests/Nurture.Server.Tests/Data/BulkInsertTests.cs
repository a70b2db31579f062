using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Data;

/// <summary>The tracking hits' bulk writer writes what SaveChanges would, on each provider, and all or nothing.</summary>
public sealed class BulkInsertTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Rows_written_in_bulk_read_back_as_written_across_statements(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var leadId = await stack.Host.CreateLeadAsync(new { email = "bulk@example.com" });
        var at = new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);
        // More rows than one statement takes on the servers (2,000 parameters), with every column varied.
        var rows = Enumerable.Range(0, 400).Select(i => new Signal
        {
            Id = Guid.CreateVersion7(at.AddTicks(i)),
            LeadId = leadId,
            Type = i % 2 == 0 ? SignalTypes.Open : SignalTypes.Click,
            PropertiesJson = i % 3 == 0 ? null : $"{{\"url\":\"https://example.com/{i}?a=1&b='x'\"}}",
            IdempotencyKey = i % 5 == 0 ? $"key-{i}" : null,
            Source = "tracking",
            MessageId = i % 7 == 0 ? null : Guid.NewGuid(),
            Label = (SignalLabel)(i % 4),
            LabelReason = $"reason {i} – ünïcode",
            IpAddress = i % 2 == 0 ? $"10.0.{i / 256}.{i % 256}" : null,
            UserAgent = "Mozilla/5.0",
            OccurredAt = at.AddSeconds(-i),
            ReceivedAt = at.AddMilliseconds(i),
            ProcessedAt = i % 2 == 0 ? at.AddMinutes(i) : null,
        }).ToList();

        await using (var db = stack.Host.CreateDbContext())
            await new BulkInsert<Signal>(db).InsertAsync(db, rows, CancellationToken.None);

        await using var check = stack.Host.CreateDbContext();
        var ids = rows.ConvertAll(r => r.Id);
        var stored = await check.Signals.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        Assert.Equal(rows.Count, stored.Count);
        foreach (var row in rows)
            Assert.Equivalent(row, stored[row.Id], strict: true);
        // The conditions of the two partial indexes (unprocessed rows, rows with a key) select what they should.
        Assert.Equal(200, await check.Signals.CountAsync(s => ids.Contains(s.Id) && s.ProcessedAt == null));
        Assert.Equal(80, await check.Signals.CountAsync(s => ids.Contains(s.Id) && s.IdempotencyKey != null));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_refused_row_fails_its_whole_batch_as_an_update_error(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var leadId = await stack.Host.CreateLeadAsync(new { email = "bulk@example.com" });
        var now = stack.Host.Clock.GetUtcNow();
        Signal Hit(Guid lead) => new() { Id = Guid.NewGuid(), LeadId = lead, Type = SignalTypes.Open, Source = "tracking", OccurredAt = now, ReceivedAt = now };
        var batch = new[] { Hit(leadId), Hit(leadId), Hit(Guid.NewGuid()) }; // the last one's lead does not exist

        await using (var db = stack.Host.CreateDbContext())
            await Assert.ThrowsAsync<DbUpdateException>(() => new BulkInsert<Signal>(db).InsertAsync(db, batch, CancellationToken.None));

        await using var check = stack.Host.CreateDbContext();
        var ids = batch.Select(s => s.Id).ToList();
        Assert.Equal(0, await check.Signals.CountAsync(s => ids.Contains(s.Id)));
    }
}
