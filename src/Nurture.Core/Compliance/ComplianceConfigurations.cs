using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Compliance;
using Nurture.Core.Signals;

namespace Nurture.Core.Compliance;

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> builder)
    {
        builder.ToTable("consent_records");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasMaxLength(40);
        builder.Property(c => c.Source).HasMaxLength(100);
        builder.Property(c => c.TextVersion).HasMaxLength(100);
        builder.Property(c => c.Detail).HasMaxLength(ConsentRecord.DetailLength);
        builder.Property(c => c.IpAddress).HasMaxLength(HitInfo.IpAddressLength);
        builder.Property(c => c.UserAgent).HasMaxLength(HitInfo.UserAgentLength);
        builder.HasIndex(c => new { c.LeadId, c.At });
    }
}

internal sealed class SuppressedAddressConfiguration : IEntityTypeConfiguration<SuppressedAddress>
{
    public void Configure(EntityTypeBuilder<SuppressedAddress> builder)
    {
        builder.ToTable("suppressed_addresses");
        builder.HasKey(s => s.EmailHash);
        builder.Property(s => s.EmailHash).HasMaxLength(64);
        builder.Property(s => s.Reason).HasMaxLength(40);
    }
}
