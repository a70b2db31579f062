using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>The journey tables, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class JourneyTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<JourneyVersion> JourneyVersions => db.Set<JourneyVersion>();
        public DbSet<JourneyDraft> JourneyDrafts => db.Set<JourneyDraft>();
        public DbSet<JourneyInstance> JourneyInstances => db.Set<JourneyInstance>();
        public DbSet<JourneyWait> JourneyWaits => db.Set<JourneyWait>();
        public DbSet<JournalEntry> Journal => db.Set<JournalEntry>();
    }
}
