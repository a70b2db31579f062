using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Webhooks;

internal sealed class WebhookMessageConfiguration : IEntityTypeConfiguration<WebhookMessage>
{
    public void Configure(EntityTypeBuilder<WebhookMessage> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.IdempotencyKey).HasMaxLength(300);
        builder.HasIndex(w => w.IdempotencyKey).IsUnique();
        builder.Property(w => w.Url).HasMaxLength(2000);
        builder.Property(w => w.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.LastError).HasMaxLength(WebhookMessage.LastErrorLength);
        builder.Property(w => w.LeaseOwner).HasMaxLength(100);
        builder.Property(w => w.TraceParent).HasMaxLength(Telemetry.NurtureTracing.TraceParentLength);
        builder.HasIndex(w => new { w.Status, w.NextAttemptAt });
    }
}
