using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Nurture.Core.Data;

/// <summary>
/// Secrets the product needs from its first start (the link-signing key, the webhook secrets): the configured
/// value when there is one, else one generated on first use and kept in the settings table, encrypted by the
/// <see cref="ISecretProtector"/>, so that every node and every restart agrees. Read once per process; two
/// nodes generating at once keep the first stored. A secret stored in clear by an older version is encrypted
/// the first time it is read.
/// </summary>
/// <param name="databases">Null where there is no database (the command line validates files and signs nothing).</param>
public sealed class StoredSecrets(IDbContextFactory<NurtureDbContext>? databases = null, ISecretProtector? protector = null, ILogger<StoredSecrets>? logger = null)
{
    /// <summary>How a protected value begins in the settings table; one without it is a secret stored in clear.</summary>
    public const string ProtectedPrefix = "protected:";

    private readonly ConcurrentDictionary<string, Lazy<string>> _secrets = new(StringComparer.Ordinal);

    public string Get(string setting, string? configured) =>
        configured is { Length: > 0 } ? configured : _secrets.GetOrAdd(setting, name => new Lazy<string>(() => LoadOrCreate(name))).Value;

    private string LoadOrCreate(string setting)
    {
        if (databases is null)
            throw new InvalidOperationException($"No database to keep the generated '{setting}' in: configure the secret instead.");
        using var db = databases.CreateDbContext();
        if (db.Settings.SingleOrDefault(s => s.Key == setting) is { } stored)
            return Read(db, stored);
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        db.Settings.Add(new Setting { Key = setting, Value = Stored(generated) });
        try
        {
            db.SaveChanges();
            logger?.LogInformation("Generated {Setting} and stored it in the database", setting);
            return generated;
        }
        catch (DbUpdateException)
        {
            // Another node stored one first: use it.
        }
        using var again = databases.CreateDbContext();
        return Read(again, again.Settings.Single(s => s.Key == setting));
    }

    private string Stored(string secret) => protector is null ? secret : ProtectedPrefix + protector.Protect(secret);

    private string Read(NurtureDbContext db, Setting stored)
    {
        if (stored.Value.StartsWith(ProtectedPrefix, StringComparison.Ordinal))
        {
            return protector?.Unprotect(stored.Value[ProtectedPrefix.Length..])
                ?? throw new InvalidOperationException($"The stored '{stored.Key}' is encrypted, and there is no key ring here to read it.");
        }
        var clear = stored.Value;
        if (protector is not null)
        {
            stored.Value = Stored(clear);
            db.SaveChanges();
            logger?.LogInformation("Encrypted {Setting}, stored in clear by an earlier version", stored.Key);
        }
        return clear;
    }
}
