using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Nurture.Core.Data;

/// <summary>
/// Secrets the product needs from its first start (the link-signing key, the webhook secret): the configured
/// value when there is one, else one generated on first use and kept in the settings table, so that every
/// node and every restart agrees. Read once per process; two nodes generating at once keep the first stored.
/// </summary>
/// <param name="databases">Null where there is no database (the command line validates files and signs nothing).</param>
public sealed class StoredSecrets(IDbContextFactory<NurtureDbContext>? databases = null, ILogger<StoredSecrets>? logger = null)
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _secrets = new(StringComparer.Ordinal);

    public string Get(string setting, string? configured) =>
        configured is { Length: > 0 } ? configured : _secrets.GetOrAdd(setting, name => new Lazy<string>(() => LoadOrCreate(name))).Value;

    private string LoadOrCreate(string setting)
    {
        if (databases is null)
            throw new InvalidOperationException($"No database to keep the generated '{setting}' in: configure the secret instead.");
        using var db = databases.CreateDbContext();
        if (db.Settings.AsNoTracking().SingleOrDefault(s => s.Key == setting) is { } stored)
            return stored.Value;
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        db.Settings.Add(new Setting { Key = setting, Value = generated });
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
        return again.Settings.AsNoTracking().Single(s => s.Key == setting).Value;
    }
}
