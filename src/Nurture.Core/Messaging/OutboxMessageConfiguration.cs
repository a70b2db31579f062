using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Messaging;

namespace Nurture.Core.Messaging;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(300);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.TemplateName).HasMaxLength(100);
        builder.Property(m => m.JourneyId).HasMaxLength(100);
        builder.Property(m => m.ExperimentKey).HasMaxLength(200);
        builder.Property(m => m.Variant).HasMaxLength(50);
        builder.HasIndex(m => m.ExperimentKey).HasFilter("\"ExperimentKey\" IS NOT NULL"); // the experiment report reads its exposures
        builder.Property(m => m.MessageIdHeader).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorLength);
        builder.Property(m => m.TraceParent).HasMaxLength(Telemetry.NurtureTracing.TraceParentLength);
        builder.Property(m => m.LeaseOwner).HasMaxLength(100);
        builder.Property(m => m.RecipientDomain).HasMaxLength(255);
        builder.Property(m => m.Topic).HasMaxLength(50);
        builder.Property(m => m.Feedback).HasMaxLength(OutboxMessage.FeedbackLength);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.LeadId, m.CreatedAt });
        // The email report's range (marketing emails queued between two dates); appended to, as the times rise.
        builder.HasIndex(m => new { m.Kind, m.CreatedAt });
        builder.HasIndex(m => m.MessageIdHeader);
        builder.HasIndex(m => m.AboutLeadId).HasFilter("\"AboutLeadId\" IS NOT NULL"); // test sends only: erasure finds them
        builder.HasOne(m => m.Body).WithOne().HasForeignKey<OutboxBody>(b => b.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxBodyConfiguration : IEntityTypeConfiguration<OutboxBody>
{
    public void Configure(EntityTypeBuilder<OutboxBody> builder)
    {
        builder.ToTable("outbox_bodies");
        builder.HasKey(b => b.MessageId);
    }
}
