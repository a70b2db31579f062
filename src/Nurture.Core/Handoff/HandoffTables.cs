using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Handoff;

/// <summary>The handoff tables, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class HandoffTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<SalesHandoff> Handoffs => db.Set<SalesHandoff>();
        public DbSet<HandoffEvent> HandoffEvents => db.Set<HandoffEvent>();
    }
}
