using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Core.Journeys.Runtime;

internal sealed class JourneyVersionConfiguration : IEntityTypeConfiguration<JourneyVersion>
{
    public void Configure(EntityTypeBuilder<JourneyVersion> builder)
    {
        builder.ToTable("journey_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.JourneyId).HasMaxLength(100);
        builder.HasIndex(v => new { v.JourneyId, v.Version }).IsUnique();
        builder.Property(v => v.Checksum).HasMaxLength(64);
        builder.Property(v => v.Source).HasMaxLength(300);
    }
}
