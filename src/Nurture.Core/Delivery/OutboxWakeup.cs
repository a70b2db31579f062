using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nurture.Core.Data;

namespace Nurture.Core.Delivery;

/// <summary>Wakes the delivery and webhook workers the moment new rows are committed, instead of on a poll.</summary>
public sealed class OutboxWakeup
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for a notification, or the timeout (the fallback for retries that come due).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _next).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }
}

/// <summary>Calls <see cref="OutboxWakeup.Notify"/> after a SaveChanges that added rows queued for delivery.</summary>
public sealed class OutboxWakeupInterceptor(OutboxWakeup wakeup) : SaveChangesInterceptor
{
    // After the save, added rows look unchanged: remember per context whether there were any.
    private readonly ConditionalWeakTable<DbContext, object> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context
            && context.ChangeTracker.Entries<IQueuedForDelivery>().Any(e => e.State == EntityState.Added))
            _pending.AddOrUpdate(context, this);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.Remove(context))
            wakeup.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
