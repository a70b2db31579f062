using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>The signal table, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class SignalTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<Signal> Signals => db.Set<Signal>();
    }
}
