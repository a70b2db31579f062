using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nurture.Core.Delivery;

internal sealed class DeliveryAlertConfiguration : IEntityTypeConfiguration<DeliveryAlert>
{
    public void Configure(EntityTypeBuilder<DeliveryAlert> builder)
    {
        builder.ToTable("delivery_alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Domain).HasMaxLength(255);
        builder.Property(a => a.Code).HasMaxLength(20);
        builder.Property(a => a.Detail).HasMaxLength(DeliveryAlert.DetailLength);
        builder.Property(a => a.ResolvedBy).HasMaxLength(100);
        builder.HasIndex(a => new { a.Domain, a.PausedUntil });
    }
}
