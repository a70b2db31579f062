using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Handoff;
using Nurture.Core.Leads;

namespace Nurture.Core.Data.Configurations;

internal sealed class SalesHandoffConfiguration : IEntityTypeConfiguration<SalesHandoff>
{
    public void Configure(EntityTypeBuilder<SalesHandoff> builder)
    {
        builder.ToTable("handoffs");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.RepEmail).HasMaxLength(320);
        builder.Property(h => h.Reason).HasMaxLength(500);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(h => new { h.LeadId, h.CreatedAt });
        builder.HasOne<Lead>().WithMany().HasForeignKey(h => h.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
