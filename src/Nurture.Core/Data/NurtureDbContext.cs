using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;

namespace Nurture.Core.Data;

/// <summary>
/// The one DbContext of the product: journey state, waits, the ledger and the outbox must commit in one
/// transaction, so they live together (the web app's accounts too, through ASP.NET Core Identity's
/// stores). Each folder declares its tables as extension properties (<c>db.Leads</c> in Leads/LeadTables.cs)
/// and its mapping next to its rows; migrations are kept per provider in Nurture.Data.*. ASP.NET Core's
/// Data Protection keys are here too, so every node signs and reads the same session cookies.
/// </summary>
public sealed class NurtureDbContext(DbContextOptions<NurtureDbContext> options)
    : IdentityDbContext<NurtureUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<SweepLease> SweepLeases => Set<SweepLease>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
