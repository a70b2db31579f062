using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Signals;

/// <summary>
/// Group commit for incoming signals: requests hand their row over and one writer commits whatever has
/// gathered in one transaction, so a burst (Apple's prefetch right after a send, a website's page views)
/// costs one commit per batch, not per signal. Committed rows needing processing are then queued.
/// API signals wait for their commit (<see cref="WriteAsync"/>: the caller may retry); tracking hits are
/// answered once accepted (<see cref="AcceptAsync"/>): no pixel or redirect is ever retried, so waiting
/// would only slow the answer, and batches would stay as small as the number of open requests. The queue
/// is bounded (a full queue makes requests wait) and a stop commits what it holds.
/// <para>
/// In a burst it commits at most once per <see cref="SignalOptions.CommitInterval"/>: a commit writes every
/// index page its rows touched to the WAL (and a checkpoint writes them again), and hits spread over a send's
/// emails touch many such pages whatever the batch; more rows per commit write fewer pages per row. A hit
/// after a quiet spell is committed at once.
/// </para>
/// </summary>
public sealed class SignalWriter(
    IDbContextFactory<NurtureDbContext> databases,
    SignalQueue queue,
    IHandRaisers handRaisers,
    IOptions<SignalOptions> options,
    ILogger<SignalWriter> logger) : BackgroundService
{
    public const int MaxBatch = 2_000;

    private long _commits;

    /// <summary>The clock that paces commits: the real one, since it paces the disk, not business time (tests give a fake).</summary>
    public TimeProvider Pacing { get; init; } = TimeProvider.System;

    // Only the writer's loop uses it.
    private WriterConnection? _connection;

    private readonly Channel<PendingSignal> _pending = Channel.CreateBounded<PendingSignal>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Completes when the row is committed (or throws why it was not).</summary>
    public async Task WriteAsync(Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        signal.TraceParent ??= NurtureTracing.Carried();
        var pending = PendingSignal.Awaited(signal);
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        await pending.Committed!.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes when the row is queued for the next commit (waiting only while the queue is full). A row the
    /// database refuses (its lead erased a moment ago) is logged and handed to <paramref name="refused"/>.
    /// </summary>
    public ValueTask AcceptAsync(Signal signal, Action<Signal>? refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        signal.TraceParent ??= NurtureTracing.Carried();
        return _pending.Writer.WriteAsync(PendingSignal.Accepted(signal, refused), cancellationToken);
    }

    /// <summary>Group commits begun so far (a batch the database refused, or one holding only a flush, counts too).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Completes once every row handed over before the call is committed (or refused).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var barrier = PendingSignal.Barrier();
        await _pending.Writer.WriteAsync(barrier, cancellationToken);
        await barrier.Committed!.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingSignal>(MaxBatch);
        var interval = options.Value.CommitInterval;
        var lastStarted = 0L;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                if (interval - Pacing.GetElapsedTime(lastStarted) is { Ticks: > 0 } gather)
                    await Task.Delay(gather, Pacing, stoppingToken);
                lastStarted = Pacing.GetTimestamp();
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                    batch.Add(next);
                Interlocked.Increment(ref _commits);
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host's stop timeout ran out before the queue was drained: whoever waits is told, the rest is counted.
            _pending.Writer.TryComplete();
            var left = batch.Concat(_pending.Reader.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable()).ToList();
            foreach (var unanswered in left)
                unanswered.Committed?.TrySetCanceled(stoppingToken);
            if (left.Count(p => p is { Signal: not null, Committed: null }) is > 0 and var lost)
                logger.LogError("Stopped before committing {Count} accepted tracking hits; they are lost", lost);
        }
    }

    private async Task CommitAsync(List<PendingSignal> batch)
    {
        if (await TryInsertAsync(batch) is not { } failure)
        {
            Committed(batch);
            return;
        }
        if (batch.Count == 1)
        {
            Refuse(batch[0], failure);
            ReportRefused(1, 1, failure);
            return;
        }
        // One bad row (a lead erased a moment ago) must not fail its neighbours: each alone. Reported once
        // per batch, so that a database that is down does not log every hit of a burst.
        var refused = 0;
        foreach (var single in batch)
        {
            if (await TryInsertAsync([single]) is { } e)
            {
                Refuse(single, e);
                refused++;
                failure = e;
            }
            else
                Committed([single]);
        }
        ReportRefused(refused, batch.Count, failure);
    }

    private async Task<Exception?> TryInsertAsync(List<PendingSignal> batch)
    {
        try
        {
            await InsertAsync(batch);
            return null;
        }
        catch (Exception e)
        {
            return e; // the writer itself must go on: the next batch may succeed (a database back up)
        }
    }

    private void Committed(List<PendingSignal> batch)
    {
        foreach (var pending in batch)
        {
            if (pending.Signal is { } signal)
            {
                NurtureMetrics.SignalReceived(signal.Source);
                if (signal.ProcessedAt is null)
                    queue.Enqueue(signal.Id, signal.LeadId, SignalQueue.IsPriority(signal, handRaisers));
            }
            pending.Committed?.TrySetResult();
        }
    }

    /// <summary>An awaited row fails its caller; an accepted hit goes to its <c>refused</c> callback.</summary>
    private static void Refuse(PendingSignal pending, Exception e)
    {
        if (pending.Committed is { } waiting)
            waiting.TrySetException(e);
        else if (pending.Signal is { } signal)
            pending.Refused?.Invoke(signal);
    }

    private void ReportRefused(int refused, int of, Exception last)
    {
        if (refused > 0)
            logger.LogWarning(last, "{Refused} of {Count} signals were not recorded (the last error is attached)", refused, of);
    }

    private async Task InsertAsync(List<PendingSignal> batch)
    {
        var rows = batch.Where(p => p.Signal is not null).Select(p => p.Signal!).ToList();
        if (rows.Count == 0)
            return;
        try
        {
            _connection ??= await WriterConnection.OpenAsync(databases);
            await _connection.Signals.InsertAsync(_connection.Db, rows, CancellationToken.None);
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

    /// <summary>Commits what the queue holds before stopping (hits already answered), within the host's stop timeout.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        if (ExecuteTask is { } draining)
            await draining.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await base.StopAsync(cancellationToken);
        await DisposeConnectionAsync();
    }

    /// <summary>
    /// The writer's own connection, kept open: a burst costs no context or connection set-up per batch. On
    /// SQLite it waits for the write lock inside SQLite, as every connection the server opens does (its
    /// busy_timeout), not in the driver's 150 ms sleeps.
    /// </summary>
    private sealed record WriterConnection(NurtureDbContext Db, BulkInsert<Signal> Signals)
    {
        public static async Task<WriterConnection> OpenAsync(IDbContextFactory<NurtureDbContext> databases)
        {
            var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await db.Database.OpenConnectionAsync(CancellationToken.None);
            return new WriterConnection(db, new BulkInsert<Signal>(db));
        }
    }

    /// <summary>A row handed over: awaited (a commit to wait for), accepted (nobody waits), or a barrier (no row, a commit to wait for).</summary>
    private sealed record PendingSignal(Signal? Signal, TaskCompletionSource? Committed, Action<Signal>? Refused)
    {
        public static PendingSignal Awaited(Signal signal) => new(signal, Waiter(), null);

        public static PendingSignal Accepted(Signal signal, Action<Signal>? refused) => new(signal, null, refused);

        public static PendingSignal Barrier() => new(null, Waiter(), null);

        private static TaskCompletionSource Waiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
