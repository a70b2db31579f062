using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Leads;

/// <summary>The lead tables, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class LeadTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<Lead> Leads => db.Set<Lead>();
        public DbSet<StageTransition> StageTransitions => db.Set<StageTransition>();
    }
}
