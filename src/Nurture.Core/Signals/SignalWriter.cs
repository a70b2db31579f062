using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>
/// Group commit for incoming signals (tracking hits and API signals): requests hand their row over and wait;
/// one writer commits whatever has gathered in one transaction and then answers all of them. A signal is
/// still answered only once it is durable, but a burst (Apple's prefetch right after a send, a website's
/// page views) costs one commit per batch, not per signal. Committed rows needing processing are queued.
/// </summary>
public sealed class SignalWriter(IDbContextFactory<NurtureDbContext> databases, SignalQueue queue, ILogger<SignalWriter> logger) : BackgroundService
{
    public const int MaxBatch = 500;

    // Only the writer's loop uses it.
    private WriterConnection? _connection;

    private readonly Channel<PendingHit> _pending = Channel.CreateBounded<PendingHit>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Completes when the row is committed (or throws why it was not).</summary>
    public async Task WriteAsync(Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var pending = new PendingHit(signal);
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        await pending.Committed.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingHit>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                    batch.Add(next);
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whoever still waits is told, nothing is left pending.
            _pending.Writer.TryComplete();
            foreach (var unanswered in batch.Concat(_pending.Reader.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable()))
                unanswered.Committed.TrySetCanceled(stoppingToken);
        }
    }

    private async Task CommitAsync(List<PendingHit> batch)
    {
        try
        {
            await InsertAsync(batch);
        }
        catch (Exception e) when (batch.Count > 1 && e is not OperationCanceledException)
        {
            // One bad row (a lead erased a moment ago) must not fail its neighbours: retry each alone.
            logger.LogWarning(e, "A batch of {Count} hits failed; writing them one by one", batch.Count);
            foreach (var single in batch)
                await CommitAsync([single]);
            return;
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Committed.TrySetException(e);
            return;
        }
        foreach (var pending in batch)
        {
            if (pending.Signal.ProcessedAt is null)
                queue.Enqueue(pending.Signal.Id, SignalQueue.IsPriority(pending.Signal.Type, pending.Signal.Source));
            pending.Committed.TrySetResult();
        }
    }

    private async Task InsertAsync(List<PendingHit> batch)
    {
        try
        {
            _connection ??= await WriterConnection.OpenAsync(databases);
            await _connection.Signals.InsertAsync(_connection.Db, batch.ConvertAll(p => p.Signal), CancellationToken.None);
        }
        catch
        {
            // After a failure the connection is not reused (it may be broken: a database restart); the next batch opens another.
            await DisposeConnectionAsync();
            throw;
        }
    }

    private async Task DisposeConnectionAsync()
    {
        if (_connection is { } open)
        {
            _connection = null;
            await open.Db.DisposeAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DisposeConnectionAsync();
    }

    /// <summary>
    /// The writer's own connection, kept open: a burst costs no context or connection set-up per batch. On
    /// SQLite it waits for the write lock inside SQLite, in steps of a few milliseconds, where the driver
    /// alone would sleep 150 ms whenever a signal's processing is committing at the same moment.
    /// </summary>
    private sealed record WriterConnection(NurtureDbContext Db, BulkInsert<Signal> Signals)
    {
        public static async Task<WriterConnection> OpenAsync(IDbContextFactory<NurtureDbContext> databases)
        {
            var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await db.Database.OpenConnectionAsync(CancellationToken.None);
            if (db.Database.ProviderName == NurtureDbContext.SqliteProvider)
                await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 5000;", CancellationToken.None);
            return new WriterConnection(db, new BulkInsert<Signal>(db));
        }
    }

    private sealed class PendingHit(Signal signal)
    {
        public Signal Signal { get; } = signal;
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
