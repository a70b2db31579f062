using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Links;

/// <summary>
/// One-time tokens (a visitor's identity link, a form's start token): the first use inserts the nonce, and the
/// primary key refuses every later one, on whichever node it arrives. Rows go once their token has expired.
/// </summary>
public sealed class SpentTokens(IDbContextFactory<NurtureDbContext> databases, TimeProvider time)
{
    /// <returns>True the first time; false when the nonce was spent before.</returns>
    public async Task<bool> TrySpendAsync(Guid nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.SpentTokens.AnyAsync(t => t.Id == nonce, cancellationToken))
            return false;
        db.SpentTokens.Add(new SpentToken { Id = nonce, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // spent by a concurrent request a moment ago
        }
    }

    /// <summary>Forgets the nonces of expired tokens: the signature check refuses those tokens already.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.SpentTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
