using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;

namespace Nurture.Server.Accounts;

/// <summary>
/// The API keys accepted: those configured (<c>Api:Keys:N</c>) and those stored as hashes. With neither,
/// the first start generates one, stores its hash and prints it once. The node that creates or revokes a key
/// reads the keys again at once; every other node within <see cref="RefreshInterval"/> (<see cref="ApiKeyRefresh"/>).
/// </summary>
public sealed class ApiKeyStore(IConfiguration configuration, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    /// <summary>How long a key revoked on another node may still be accepted here.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private volatile byte[][] _hashes = [];
    private string[] _configured = [];

    /// <returns>The generated key, when one had to be generated (to print once); otherwise null.</returns>
    public async Task<string?> InitializeAsync(CancellationToken cancellationToken)
    {
        var configured = configuration.GetSection("Api:Keys").GetChildren().Select(k => k.Value).OfType<string>().Where(k => k.Length > 0).ToList();
        if (configured.Any(k => k.Length < 16))
            throw new InvalidOperationException("Api:Keys entries must be at least 16 characters long.");

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await db.ApiKeys.Select(k => k.Hash).ToListAsync(cancellationToken);
        string? generated = null;
        if (configured.Count == 0 && stored.Count == 0)
        {
            generated = ApiKey.Generate();
            var key = new ApiKey { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = "first-start", Hash = ApiKey.HashOf(generated), CreatedAt = time.GetUtcNow() };
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            stored.Add(key.Hash);
            logger.LogInformation("Generated the first API key; only its hash is stored");
        }
        _configured = configured.Select(ApiKey.HashOf).ToArray();
        Use(stored);
        return generated;
    }

    /// <summary>Reads the stored keys again: after an admin created or revoked one here, and every few seconds.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        Use(await db.ApiKeys.Select(k => k.Hash).ToListAsync(cancellationToken));
    }

    private void Use(IEnumerable<string> stored) =>
        _hashes = _configured.Concat(stored).Distinct().Select(Convert.FromHexString).ToArray();

    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
            return false;
        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var valid = false;
        foreach (var hash in _hashes)
            valid |= CryptographicOperations.FixedTimeEquals(candidate, hash);
        return valid;
    }
}
