using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Server.Startup;

/// <summary>
/// Lets one node at a time prepare the database at start (migrations, generated keys, seed files, the first
/// admin): on PostgreSQL an advisory lock held by this session, which a killed node's session lets go of;
/// within one process (tests, SQLite) a gate per database.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>Any number no other code of ours locks on: "Nurture" and 1.</summary>
    private const long PostgresLock = 0x4e75727475726501;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly NurtureDbContext _db;
    private readonly SemaphoreSlim _gate;
    private readonly bool _advisory;

    private StartupLock(NurtureDbContext db, SemaphoreSlim gate, bool advisory) => (_db, _gate, _advisory) = (db, gate, advisory);

    public static async Task<StartupLock> AcquireAsync(IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        var db = await databases.CreateDbContextAsync(cancellationToken);
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        var advisory = db.Database.ProviderName == NurtureDbContext.PostgreSqlProvider;
        try
        {
            if (advisory)
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLock})", cancellationToken);
            }
            return new StartupLock(db, gate, advisory);
        }
        catch
        {
            gate.Release();
            await db.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The connection goes back to the pool with its session alive: the lock must be let go by name.
            if (_advisory)
                await _db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresLock})");
        }
        finally
        {
            await _db.DisposeAsync();
            _gate.Release();
        }
    }
}
