using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Messaging;

/// <summary>The outbox tables, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class OutboxTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<OutboxMessage> Outbox => db.Set<OutboxMessage>();
        public DbSet<OutboxBody> OutboxBodies => db.Set<OutboxBody>();
    }
}
