using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Scoring;

/// <summary>The score ledger, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class ScoringTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<ScoreEntry> ScoreEntries => db.Set<ScoreEntry>();
    }
}
