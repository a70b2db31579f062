using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Experiments;

/// <summary>A winner declared by the test, and when.</summary>
public sealed record ExperimentWinner(string Variant, DateTimeOffset DecidedAt, string Why);

/// <summary>
/// The winners declared, in the settings table so that every node sends the same: the first declaration stands
/// (the test's decision is final; a later look cannot take it back).
/// </summary>
public sealed class ExperimentWinners(IDbContextFactory<NurtureDbContext> databases)
{
    /// <summary>The winner in force, read in the caller's unit of work (a journey step's).</summary>
    public static async Task<ExperimentWinner?> FindAsync(NurtureDbContext db, string experimentKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = SettingKey(experimentKey);
        var json = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : JsonSerializer.Deserialize<ExperimentWinner>(json);
    }

    public async Task<ExperimentWinner?> FindAsync(string experimentKey, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, experimentKey, cancellationToken);
    }

    /// <returns>The winner in force: this one, or the one declared before it.</returns>
    public async Task<ExperimentWinner> DeclareAsync(string experimentKey, ExperimentWinner winner, CancellationToken cancellationToken)
    {
        if (await FindAsync(experimentKey, cancellationToken) is { } earlier)
            return earlier;
        await databases.UpsertSettingAsync(SettingKey(experimentKey), JsonSerializer.Serialize(winner), cancellationToken);
        return winner;
    }

    // Settings keys hold 100 characters.
    private static string SettingKey(string experimentKey)
    {
        var key = $"experiment-winner:{experimentKey}";
        return key.Length <= 100 ? key : $"experiment-winner:#{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(experimentKey)))[..40]}";
    }
}
