using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Links;

/// <summary>The spent one-time tokens, as a property of the one DbContext: declared here, where the rows are.</summary>
public static class LinkTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<SpentToken> SpentTokens => db.Set<SpentToken>();
    }
}
