using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Leads;
using Nurture.Core.Signals;

namespace Nurture.Core.Data.Configurations;

internal sealed class SignalConfiguration : IEntityTypeConfiguration<Signal>
{
    public void Configure(EntityTypeBuilder<Signal> builder)
    {
        builder.ToTable("signals");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Type).HasMaxLength(64);
        builder.Property(s => s.Source).HasMaxLength(32);
        builder.Property(s => s.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(s => s.IdempotencyKey).IsUnique();
        builder.Property(s => s.Label).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.LabelReason).HasMaxLength(200);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.HasIndex(s => new { s.LeadId, s.ReceivedAt });
        builder.HasIndex(s => s.ProcessedAt);
        builder.HasIndex(s => new { s.MessageId, s.ReceivedAt });
        builder.HasOne<Lead>().WithMany().HasForeignKey(s => s.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
