using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nurture.Core.Data;

internal sealed class SweepLeaseConfiguration : IEntityTypeConfiguration<SweepLease>
{
    public void Configure(EntityTypeBuilder<SweepLease> builder)
    {
        builder.ToTable("sweep_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Owner).HasMaxLength(100);
    }
}
