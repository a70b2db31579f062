using Microsoft.EntityFrameworkCore;

namespace Nurture.Core.Data;

/// <summary>
/// The one policy for a unit of work that lost a race: its commit failed because another unit of work
/// changed the lead first (the revision) or took a unique key first (the same email, wait or outbox key).
/// It runs again from the start on a fresh DbContext, where it sees the winner's changes, up to
/// <see cref="MaxAttempts"/> times; then the conflict goes to the caller.
/// </summary>
public static class ConflictRetry
{
    public const int MaxAttempts = 5;

    /// <summary>Whether a failed commit lost to another unit of work (EF reports both kinds as a <see cref="DbUpdateException"/>).</summary>
    public static bool IsConflict(Exception error) => error is DbUpdateException;

    /// <summary>Runs <paramref name="work"/> on a fresh context and commits it, again after each conflict.</summary>
    /// <param name="onConflict">Told of each conflict that is retried (for a log line).</param>
    public static async Task<T> RunAsync<T>(
        IDbContextFactory<NurtureDbContext> databases, Func<NurtureDbContext, Task<T>> work, CancellationToken cancellationToken,
        Action<Exception>? onConflict = null)
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var result = await work(db);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return result;
            }
            catch (Exception e) when (IsConflict(e) && attempt < MaxAttempts)
            {
                onConflict?.Invoke(e);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public static Task RunAsync(
        IDbContextFactory<NurtureDbContext> databases, Func<NurtureDbContext, Task> work, CancellationToken cancellationToken,
        Action<Exception>? onConflict = null) =>
        RunAsync(databases, async db =>
        {
            await work(db);
            return true;
        }, cancellationToken, onConflict);
}
