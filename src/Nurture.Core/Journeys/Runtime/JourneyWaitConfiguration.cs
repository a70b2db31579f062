using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Core.Journeys.Runtime;

internal sealed class JourneyWaitConfiguration : IEntityTypeConfiguration<JourneyWait>
{
    // By content, not by reference: a filter changed in place is saved, and an unchanged one is not rewritten.
    private static readonly ValueComparer<Dictionary<string, string>?> FiltersComparer = new(
        (a, b) => a == null ? b == null : b != null && a.Count == b.Count && !a.Except(b).Any(),
        filters => filters == null ? 0 : filters.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
        filters => filters == null ? null : new Dictionary<string, string>(filters));

    public void Configure(EntityTypeBuilder<JourneyWait> builder)
    {
        builder.ToTable("journey_waits");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.ActivityId).HasMaxLength(100);
        builder.Property(w => w.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(w => w.SignalType).HasMaxLength(64);
        builder.Property(w => w.Filters).HasConversion(
            filters => filters == null ? null : System.Text.Json.JsonSerializer.Serialize(filters, (System.Text.Json.JsonSerializerOptions?)null),
            json => json == null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json, (System.Text.Json.JsonSerializerOptions?)null),
            FiltersComparer)
            .HasMaxLength(2000);
        builder.Property(w => w.Outcome).HasMaxLength(64);
        builder.Property(w => w.JourneyId).HasMaxLength(100);
        builder.Property(w => w.LeaseOwner).HasMaxLength(100);
        builder.HasIndex(w => w.DueAt);
        builder.HasIndex(w => new { w.LeadId, w.SignalType });
        builder.HasIndex(w => w.InstanceId);
        builder.HasOne<JourneyInstance>().WithMany().HasForeignKey(w => w.InstanceId).IsRequired(false).OnDelete(DeleteBehavior.Cascade);
    }
}
