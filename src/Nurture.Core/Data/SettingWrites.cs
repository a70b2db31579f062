using Microsoft.EntityFrameworkCore;

namespace Nurture.Core.Data;

public static class SettingWrites
{
    /// <summary>
    /// Sets a setting, inserting it when new. Nodes starting together both insert the same key: the loser
    /// reads it again and updates it (<see cref="ConflictRetry"/>).
    /// </summary>
    public static Task UpsertSettingAsync(this IDbContextFactory<NurtureDbContext> databases, string key, string value, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync(databases, async db =>
        {
            var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
            if (setting is null)
                db.Settings.Add(new Setting { Key = key, Value = value });
            else
                setting.Value = value;
        }, cancellationToken);
}
