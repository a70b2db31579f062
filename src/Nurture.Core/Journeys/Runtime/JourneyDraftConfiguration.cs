using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Core.Journeys.Runtime;

internal sealed class JourneyDraftConfiguration : IEntityTypeConfiguration<JourneyDraft>
{
    public void Configure(EntityTypeBuilder<JourneyDraft> builder)
    {
        builder.ToTable("journey_drafts");
        builder.HasKey(d => d.JourneyId);
        builder.Property(d => d.JourneyId).HasMaxLength(100);
    }
}
