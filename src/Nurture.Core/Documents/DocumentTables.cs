using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Documents;

/// <summary>The shared documents, as a property of the one DbContext.</summary>
public static class DocumentTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<StoredDocument> Documents => db.Set<StoredDocument>();
    }
}
