using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Core.Journeys.Runtime;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("journey_journal");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.ActivityId).HasMaxLength(100);
        builder.Property(j => j.ActivityType).HasMaxLength(64);
        builder.Property(j => j.Outcome).HasMaxLength(JournalEntry.OutcomeLength);
        builder.Property(j => j.Event).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(j => new { j.InstanceId, j.Step });
        builder.HasIndex(j => new { j.InstanceId, j.ActivityId });
        builder.HasIndex(j => j.At);
        builder.HasOne<JourneyInstance>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}
