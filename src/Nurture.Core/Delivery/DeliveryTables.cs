using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Delivery;

/// <summary>The delivery alerts table, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class DeliveryTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<DeliveryAlert> DeliveryAlerts => db.Set<DeliveryAlert>();
    }
}
