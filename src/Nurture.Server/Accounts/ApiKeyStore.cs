using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;

namespace Nurture.Server.Accounts;

/// <summary>
/// The API keys accepted, with their scopes: those configured (<c>Api:Keys:N</c>) and those stored as hashes.
/// With neither, the first start generates an admin key, stores its hash and prints it once; once keys are
/// configured, that key is revoked. The node that creates or revokes a key reads the keys again at once;
/// every other node within <see cref="RefreshInterval"/> (<see cref="ApiKeyRefresh"/>).
/// </summary>
public sealed class ApiKeyStore(IConfiguration configuration, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    /// <summary>How long a key revoked on another node may still be accepted here.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>A key as it is checked: the hash of the key, and what it may do.</summary>
    private sealed record KnownKey(byte[] Hash, string Name, IReadOnlyList<string> Scopes);

    private volatile KnownKey[] _keys = [];
    private KnownKey[] _configured = [];

    /// <returns>The generated key, when one had to be generated (to print once); otherwise null.</returns>
    public async Task<string?> InitializeAsync(CancellationToken cancellationToken)
    {
        _configured = ConfiguredApiKeys.Read(configuration).Select(k => new KnownKey(ApiKey.HashBytesOf(k.Key), k.Name, k.Scopes)).ToArray();

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (_configured.Length > 0 && await db.ApiKeys.Where(k => k.GeneratedAtFirstStart).ExecuteDeleteAsync(cancellationToken) > 0)
            logger.LogWarning("Revoked the API key generated at first start: API keys are configured now");
        string? generated = null;
        if (_configured.Length == 0 && !await db.ApiKeys.AnyAsync(cancellationToken))
        {
            generated = ApiKey.Generate();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()), Name = "first-start", Hash = ApiKey.HashOf(generated), CreatedAt = time.GetUtcNow(),
                Scopes = ApiScopes.Admin, GeneratedAtFirstStart = true,
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Generated the first API key (scope admin); only its hash is stored");
        }
        await ReloadAsync(db, cancellationToken);
        return generated;
    }

    /// <summary>Reads the stored keys again: after an admin created or revoked one here, and every few seconds.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await ReloadAsync(db, cancellationToken);
    }

    private async Task ReloadAsync(NurtureDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.ApiKeys.AsNoTracking().Select(k => new { k.Hash, k.Name, k.Scopes }).ToListAsync(cancellationToken);
        _keys = _configured.Concat(stored.Select(k => new KnownKey(Convert.FromHexString(k.Hash), k.Name, ApiScopes.Parse(k.Scopes)))).ToArray();
    }

    /// <summary>The key's name and scopes when it is one of ours; every known key is compared, in constant time each.</summary>
    public bool TryAuthenticate(string? key, out string name, out IReadOnlyList<string> scopes)
    {
        (name, scopes) = ("", []);
        if (string.IsNullOrEmpty(key) || key.Length > 200)
            return false;
        var candidate = ApiKey.HashBytesOf(key);
        KnownKey? match = null;
        foreach (var known in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, known.Hash))
                match ??= known;
        }
        if (match is null)
            return false;
        (name, scopes) = (match.Name, match.Scopes);
        return true;
    }
}
