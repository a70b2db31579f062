using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Data.Sqlite;

namespace Nurture.Benchmarks;

/// <summary>
/// The tracking writer's ceiling on its own: signal rows per second through <see cref="BulkInsert{T}"/> on a
/// SQLite file (WAL, the server's synchronous and checkpoint settings), by batch size, with nothing else running.
/// </summary>
public static class SignalInsertRun
{
    public static async Task RunAsync(string directory)
    {
        await using var services = NurtureRun.Services(directory, TimeProvider.System, "inserts.db");
        var databases = services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        await using var db = await databases.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await SqlitePragmasInterceptor.UseWriteAheadLogAsync(db.Database, CancellationToken.None);
        await db.Database.OpenConnectionAsync(); // with the server's SQLite settings (NurtureRun.SqliteSettings)
        // 200 emails to 200 leads, as a real send's opens spread over both indexes.
        var leads = Enumerable.Range(0, 200).Select(i => new Lead { Id = Guid.NewGuid(), Email = $"x{i}@example.com", CreatedAt = DateTimeOffset.UtcNow }).ToArray();
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync();
        var insert = new BulkInsert<Signal>(db);
        var messages = leads.Select(_ => Guid.NewGuid()).ToArray();
        foreach (var size in new[] { 1, 17, 100, 500, 500, 500, 500 })
        {
            var rows = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(3))
            {
                var now = DateTimeOffset.UtcNow;
                var batch = Enumerable.Range(0, size).Select(_ => Random.Shared.Next(leads.Length)).Select(i => new Signal { Id = Guid.CreateVersion7(now), LeadId = leads[i].Id, Type = "open", Source = "tracking", MessageId = messages[i], Label = SignalLabel.MachineOpen, LabelReason = "Apple Mail Privacy Protection user agent", IpAddress = "127.0.0.1", UserAgent = "Mozilla/5.0", OccurredAt = now, ReceivedAt = now, ProcessedAt = now }).ToList();
                await insert.InsertAsync(db, batch, CancellationToken.None);
                rows += size;
            }
            Console.WriteLine($"batch {size}: {rows / watch.Elapsed.TotalSeconds:N0} rows/s (table: {await db.Signals.CountAsync():N0}), {watch.Elapsed.TotalMilliseconds * size / rows:F3} ms per batch");
        }
    }
}
