namespace Nurture.Core.Delivery;

/// <summary>
/// Numbers the dispatcher's passes over the outbox, so that a caller can wait until one that began after a
/// given moment has finished, with every pass before it: by then whatever was due and allowed has been sent,
/// so what was not is held or refused. Tests prove "nothing was sent" by it instead of sleeping.
/// </summary>
public sealed class DispatchPasses
{
    private readonly Lock _gate = new();
    private readonly SortedSet<long> _running = [];
    private readonly List<Waiter> _waiters = [];
    private long _started;

    /// <summary>Completes once a pass begun after this call has finished, and no earlier pass still runs.</summary>
    public Task NextAsync()
    {
        lock (_gate)
        {
            var waiter = new Waiter(_started);
            _waiters.Add(waiter);
            return waiter.Done.Task;
        }
    }

    internal long Begin()
    {
        lock (_gate)
        {
            _running.Add(++_started);
            return _started;
        }
    }

    internal void End(long pass)
    {
        lock (_gate)
        {
            _running.Remove(pass);
            foreach (var waiter in _waiters.Where(w => pass > w.StartedBefore))
                waiter.Finished = Math.Max(waiter.Finished, pass);
            // Done when a later pass finished and none of the passes up to it is still running.
            foreach (var done in _waiters.Where(w => w.Finished > 0 && (_running.Count == 0 || _running.Min > w.Finished)).ToList())
            {
                _waiters.Remove(done);
                done.Done.TrySetResult();
            }
        }
    }

    private sealed class Waiter(long startedBefore)
    {
        public long StartedBefore { get; } = startedBefore;
        public long Finished { get; set; }
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
