using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Compliance;

/// <summary>The consent and suppression tables, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class ComplianceTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<ConsentRecord> ConsentRecords => db.Set<ConsentRecord>();
        public DbSet<SuppressedAddress> SuppressedAddresses => db.Set<SuppressedAddress>();
    }
}
