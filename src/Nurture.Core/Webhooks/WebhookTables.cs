using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Webhooks;

/// <summary>The webhook outbox, as properties of the one DbContext: declared here, where the rows are, so that Data knows no folder above it.</summary>
public static class WebhookTables
{
    extension(NurtureDbContext db)
    {
        public DbSet<WebhookMessage> Webhooks => db.Set<WebhookMessage>();
    }
}
