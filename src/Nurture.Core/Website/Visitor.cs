using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Leads;

namespace Nurture.Core.Website;

/// <summary>
/// A browser on one of the company's sites, by the random id its first-party cookie holds. Anonymous until a
/// tracked click or a form ties it to a lead; its visits are kept as <see cref="WebsiteHit"/> rows until then.
/// </summary>
public sealed class Visitor
{
    public Guid Id { get; set; }
    public required string Site { get; set; }
    public Guid? LeadId { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? IdentifiedAt { get; set; }

    public const int IdentifiedByLength = 100;

    /// <summary>How the visitor became known: "email click", "form demo-request".</summary>
    public string? IdentifiedBy { get; set; }
}

/// <summary>
/// A hit on the site that belongs to no lead (yet): an anonymous visitor's page view, a bot's, a refused form.
/// Moved into the lead's signals, with its time, when the visitor becomes known.
/// </summary>
public sealed class WebsiteHit
{
    public Guid Id { get; set; }
    public Guid? VisitorId { get; set; }
    public required string Site { get; set; }
    public required string Type { get; set; }
    public string? PropertiesJson { get; set; }
    public Signals.SignalLabel Label { get; set; }
    public string? LabelReason { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class VisitorConfiguration : IEntityTypeConfiguration<Visitor>
{
    public void Configure(EntityTypeBuilder<Visitor> builder)
    {
        builder.ToTable("visitors");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Site).HasMaxLength(WebsiteSite.KeyLength);
        builder.Property(v => v.IdentifiedBy).HasMaxLength(Visitor.IdentifiedByLength);
        builder.HasIndex(v => v.LeadId);
        // An erased lead takes its visitors (and so their cookies' history) with it.
        builder.HasOne<Lead>().WithMany().HasForeignKey(v => v.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebsiteHitConfiguration : IEntityTypeConfiguration<WebsiteHit>
{
    public void Configure(EntityTypeBuilder<WebsiteHit> builder)
    {
        builder.ToTable("website_hits");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Site).HasMaxLength(WebsiteSite.KeyLength);
        builder.Property(h => h.Type).HasMaxLength(64);
        builder.Property(h => h.Label).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.LabelReason).HasMaxLength(Signals.Signal.LabelReasonLength);
        builder.Property(h => h.IpAddress).HasMaxLength(Signals.HitInfo.IpAddressLength);
        builder.Property(h => h.UserAgent).HasMaxLength(Signals.HitInfo.UserAgentLength);
        builder.HasIndex(h => h.VisitorId);
        builder.HasIndex(h => h.OccurredAt);
        builder.HasOne<Visitor>().WithMany().HasForeignKey(h => h.VisitorId).OnDelete(DeleteBehavior.Cascade);
    }
}
