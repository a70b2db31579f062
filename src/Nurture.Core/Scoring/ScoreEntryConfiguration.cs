using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Scoring;

internal sealed class ScoreEntryConfiguration : IEntityTypeConfiguration<ScoreEntry>
{
    public void Configure(EntityTypeBuilder<ScoreEntry> builder)
    {
        builder.ToTable("score_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Dimension).HasMaxLength(20);
        builder.Property(e => e.Reason).HasMaxLength(ScoreEntry.ReasonLength);
        builder.Property(e => e.Rule).HasMaxLength(100);
        builder.HasIndex(e => new { e.LeadId, e.At });
        builder.HasOne<Lead>().WithMany().HasForeignKey(e => e.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
