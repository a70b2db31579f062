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

    [Fact]
    public async Task On_sqlite_each_value_is_stored_as_SaveChanges_stores_it()
    {
        // Bound straight into SQLite, the values must be byte for byte what EF writes: an index orders them and
        // a query compares them (Guids as 16 bytes, dates as ticks, an enum by name).
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false);
        var leadId = await stack.Host.CreateLeadAsync(new { email = "bulk@example.com" });
        var at = new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(2)).AddTicks(1234);
        Signal Row(Guid id) => new()
        {
            Id = id, LeadId = leadId, Type = SignalTypes.Open, PropertiesJson = "{\"a\":\"é\"}", IdempotencyKey = $"key-{id}",
            Source = "tracking", MessageId = Guid.Parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"), Label = SignalLabel.MachineOpen,
            LabelReason = "ünïcode – reason", IpAddress = "2001:db8::1", UserAgent = "", OccurredAt = at, // no User-Agent header: empty, not null
            ReceivedAt = at.ToUniversalTime(), ProcessedAt = null,
        };
        var (saved, bulk) = (Guid.CreateVersion7(at), Guid.CreateVersion7(at.AddTicks(1)));
        await using (var db = stack.Host.CreateDbContext())
        {
            db.Signals.Add(Row(saved));
            await db.SaveChangesAsync();
            var insert = new BulkInsert<Signal>(db);
            Assert.True(insert.BindsDirectly);
            await insert.InsertAsync(db, [Row(bulk)], CancellationToken.None);
        }

        await using var check = stack.Host.CreateDbContext();
        var columns = check.Model.FindEntityType(typeof(Signal))!.GetProperties().Select(p => p.GetColumnName()).Where(c => c != "Id").ToList();
        Assert.Contains("ReceivedAt", columns);
        // Each column's storage class and SQL literal, from the model's own column names.
        var sql = "SELECT " + string.Join(" || '|' || ", columns.Select(c => $"typeof(\"{c}\") || quote(\"{c}\")")) + " AS \"Value\" FROM signals WHERE \"Id\" = {0}";
        async Task<string> StoredAsync(Guid id) => (await check.Database.SqlQueryRaw<string>(sql, id.ToByteArray(bigEndian: true)).ToListAsync()).Single();
        var stored = await StoredAsync(bulk);
        Assert.Equal(await StoredAsync(saved), stored.Replace($"key-{bulk}", $"key-{saved}"));
        Assert.Contains("blobX'0A1B2C3D4E5F60718293A4B5C6D7E8F9'", stored); // a Guid: 16 bytes, in the order of its text
        Assert.Contains($"integer{at.UtcTicks}", stored); // a date: UTC ticks (NurtureDbContext's converter)
        Assert.EndsWith("|text''", stored); // the empty user agent (the last column): empty text, not NULL
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
