using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Runtime;

internal sealed class JourneyInstanceConfiguration : IEntityTypeConfiguration<JourneyInstance>
{
    public void Configure(EntityTypeBuilder<JourneyInstance> builder)
    {
        builder.ToTable("journey_instances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.JourneyId).HasMaxLength(100);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.CurrentActivityId).HasMaxLength(100);
        builder.Property(i => i.ActiveKey).HasMaxLength(140);
        builder.HasIndex(i => i.ActiveKey).IsUnique();
        builder.Property(i => i.FaultReason).HasMaxLength(JourneyInstance.FaultReasonLength);
        builder.Property(i => i.EndReason).HasMaxLength(JourneyInstance.EndReasonLength);
        builder.Ignore(i => i.IsActive);
        builder.HasIndex(i => new { i.LeadId, i.JourneyId });
        builder.HasIndex(i => new { i.JourneyId, i.Version, i.Status });
        builder.HasOne<Lead>().WithMany().HasForeignKey(i => i.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
