using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Handoff;
using Nurture.Core.Leads;

namespace Nurture.Core.Handoff;

internal sealed class SalesHandoffConfiguration : IEntityTypeConfiguration<SalesHandoff>
{
    public void Configure(EntityTypeBuilder<SalesHandoff> builder)
    {
        builder.ToTable("handoffs");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.RepEmail).HasMaxLength(320);
        builder.Property(h => h.Reason).HasMaxLength(SalesHandoff.ReasonLength);
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(h => new { h.LeadId, h.CreatedAt });
        builder.Property(h => h.Team).HasMaxLength(100);
        builder.Property(h => h.Rule).HasMaxLength(100);
        builder.Property(h => h.SlaStep).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.RejectReason).HasMaxLength(SalesHandoff.RejectReasonLength);
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.HasIndex(h => new { h.Status, h.DueAt });
        builder.HasIndex(h => new { h.Team, h.CreatedAt });
        builder.HasOne<Lead>().WithMany().HasForeignKey(h => h.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HandoffEventConfiguration : IEntityTypeConfiguration<HandoffEvent>
{
    public void Configure(EntityTypeBuilder<HandoffEvent> builder)
    {
        builder.ToTable("handoff_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Rep).HasMaxLength(320);
        builder.Property(e => e.Detail).HasMaxLength(HandoffEvent.DetailLength);
        builder.HasIndex(e => new { e.HandoffId, e.At });
        builder.HasOne<SalesHandoff>().WithMany().HasForeignKey(e => e.HandoffId).OnDelete(DeleteBehavior.Cascade);
    }
}
