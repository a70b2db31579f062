using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Signals;

internal sealed class SignalConfiguration : IEntityTypeConfiguration<Signal>
{
    public void Configure(EntityTypeBuilder<Signal> builder)
    {
        builder.ToTable("signals");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Type).HasMaxLength(64);
        builder.Property(s => s.Source).HasMaxLength(32);
        builder.Property(s => s.IdempotencyKey).HasMaxLength(200);
        // Partial indexes: tracking hits have no key and machine hits are processed when written, so a burst
        // of hits adds nothing to these two (the replay sweep looks only for the unprocessed rows).
        // Double-quoted names are standard SQL: SQLite, PostgreSQL and SQL Server (QUOTED_IDENTIFIER ON) read them.
        builder.HasIndex(s => s.IdempotencyKey).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        builder.Property(s => s.Label).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.LabelReason).HasMaxLength(Signal.LabelReasonLength);
        builder.Property(s => s.IpAddress).HasMaxLength(HitInfo.IpAddressLength);
        builder.Property(s => s.UserAgent).HasMaxLength(HitInfo.UserAgentLength);
        // One index serves a lead's history and an email's hits (an email has one lead): a burst of hits
        // lands on as many places in each index as there are emails, and each place is a page rewritten per
        // commit, so a second index of random keys cost a third of the writer's rows per second.
        builder.HasIndex(s => new { s.LeadId, s.MessageId, s.ReceivedAt });
        // A unit of work reads the signal, then its lead: another node may process the signal and commit in
        // between, and the lead then reads fresh, so its revision no longer tells. The commit that marks the
        // signal processed must find it unprocessed, or it fails and is retried (and sees the work done).
        builder.Property(s => s.ProcessedAt).IsConcurrencyToken();
        builder.HasIndex(s => s.ReceivedAt).HasDatabaseName("IX_signals_Unprocessed").HasFilter("\"ProcessedAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        builder.Property(s => s.LastError).HasMaxLength(Signal.LastErrorLength);
        builder.Property(s => s.TraceParent).HasMaxLength(NurtureTracing.TraceParentLength);
        builder.HasIndex(s => s.DeadLetteredAt).HasDatabaseName("IX_signals_DeadLettered").HasFilter("\"DeadLetteredAt\" IS NOT NULL");
        builder.HasOne<Lead>().WithMany().HasForeignKey(s => s.LeadId).OnDelete(DeleteBehavior.Cascade);
    }
}
