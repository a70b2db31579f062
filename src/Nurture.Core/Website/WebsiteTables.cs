using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Website;

/// <summary>The website's tables, as properties of the one DbContext: declared here, where the rows are.</summary>
public static class WebsiteTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<Visitor> Visitors => db.Set<Visitor>();
        public DbSet<WebsiteHit> WebsiteHits => db.Set<WebsiteHit>();
    }
}
