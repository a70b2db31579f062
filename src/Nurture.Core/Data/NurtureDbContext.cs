using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Compliance;
using Nurture.Core.Delivery;
using Nurture.Core.Handoff;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Data;

/// <summary>
/// The one DbContext of the product: journey state, waits, the ledger and the outbox must commit in one
/// transaction, so they live together (the web app's accounts too, through ASP.NET Core Identity's
/// stores). Migrations are kept per provider in Nurture.Data.*.
/// </summary>
public sealed class NurtureDbContext(DbContextOptions<NurtureDbContext> options) : IdentityDbContext<NurtureUser, IdentityRole, string>(options)
{
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();
    public DbSet<Signal> Signals => Set<Signal>();
    public DbSet<ScoreEntry> ScoreEntries => Set<ScoreEntry>();
    public DbSet<JourneyVersion> JourneyVersions => Set<JourneyVersion>();
    public DbSet<JourneyDraft> JourneyDrafts => Set<JourneyDraft>();
    public DbSet<JourneyInstance> JourneyInstances => Set<JourneyInstance>();
    public DbSet<JourneyWait> JourneyWaits => Set<JourneyWait>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<OutboxBody> OutboxBodies => Set<OutboxBody>();
    public DbSet<SalesHandoff> Handoffs => Set<SalesHandoff>();
    public DbSet<HandoffEvent> HandoffEvents => Set<HandoffEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<WebhookMessage> Webhooks => Set<WebhookMessage>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<SuppressedAddress> SuppressedAddresses => Set<SuppressedAddress>();
    public DbSet<DeliveryAlert> DeliveryAlerts => Set<DeliveryAlert>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.ProviderName == SqliteProvider)
        {
            // SQLite cannot compare or order DateTimeOffset values in SQL; UTC ticks sort correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
            // Keys as 16 bytes, not text: the tracking writer's indexes take half as many pages. The default
            // mapping binds a Guid in ExecuteSql the same way; SqlQuery ignores it (pass ToByteArray(bigEndian: true)).
            configurationBuilder.Properties<Guid>().HaveConversion<GuidBytesConverter>();
            configurationBuilder.Properties<Guid?>().HaveConversion<GuidBytesConverter>();
            configurationBuilder.DefaultTypeMapping<Guid>().HasConversion<GuidBytesConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NurtureDbContext).Assembly);
    }
}
