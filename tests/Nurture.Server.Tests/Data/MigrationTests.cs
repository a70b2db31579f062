using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server.Data;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Data;

/// <summary>Each provider's migrations match the model; SQL Server's, which no machine here can run, still generate.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Database=unused")]
    [InlineData("SqlServer", "Server=127.0.0.1;Database=unused;TrustServerCertificate=True")]
    public void Migrations_are_up_to_date_with_the_model(string provider, string connectionString)
    {
        using var db = Create(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations lag behind the model: run dotnet ef migrations add for Nurture.Data.{provider}.");
    }

    [Fact]
    public void Sql_server_script_generates_with_its_lease_friendly_indexes()
    {
        using var db = Create("SqlServer", "Server=127.0.0.1;Database=unused;TrustServerCertificate=True");

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [journey_waits]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_leads_Email]", script, StringComparison.Ordinal);
        Assert.Contains("WHERE [ActiveKey] IS NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_journey_waits_DueAt]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_signals_Unprocessed] ON [signals] ([ReceivedAt]) WHERE \"ProcessedAt\" IS NULL", script, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Moving_the_MIME_out_of_the_outbox_keeps_every_email_and_can_be_undone(string provider)
    {
        using var temp = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync(provider, temp.Path);
        await using var db = Create(provider, database.ConnectionString);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var split = migrations.FindIndex(m => m.EndsWith("_OutboxBodies", StringComparison.Ordinal));
        Assert.True(split > 0, "the OutboxBodies migration is missing");
        // A queued email as the version before stored it: its MIME inside the outbox row.
        await migrator.MigrateAsync(migrations[split - 1]);
        var id = Guid.NewGuid();
        var mime = "Subject: Welcome\r\n\r\nHello, Sam.\r\n"u8.ToArray();
        object now = provider == "Sqlite" ? DateTimeOffset.UtcNow.UtcTicks : DateTimeOffset.UtcNow;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox ("Id", "IdempotencyKey", "Kind", "Recipient", "Subject", "MessageIdHeader", "Mime", "Status", "Attempts", "CreatedAt", "NextAttemptAt")
            VALUES ({id}, {"welcome/1"}, {"Marketing"}, {"sam@example.com"}, {"Welcome"}, {"<1@nurture.localhost>"}, {mime}, {"Pending"}, {0}, {now}, {now})
            """);

        await migrator.MigrateAsync(migrations[split]);
        // Read as that version's tables have it (the model has columns from later migrations).
        // SqlQuery binds a Guid as text whatever the model says (ExecuteSql applies its mapping): the stored form is passed.
        object key = provider == "Sqlite" ? id.ToByteArray(bigEndian: true) : id;
        Assert.Equal(mime, await db.Database.SqlQuery<byte[]>($"SELECT \"Mime\" AS \"Value\" FROM outbox_bodies WHERE \"MessageId\" = {key}").SingleAsync());
        Assert.Equal("Pending", await db.Database.SqlQuery<string>($"SELECT \"Status\" AS \"Value\" FROM outbox WHERE \"Id\" = {key}").SingleAsync());

        // And back: the MIME returns to its row.
        await migrator.MigrateAsync(migrations[split - 1]);
        var back = await db.Database.SqlQuery<byte[]>($"SELECT \"Mime\" AS \"Value\" FROM outbox WHERE \"Id\" = {key}").SingleAsync();
        Assert.Equal(mime, back);
    }

    [Fact]
    public async Task Sqlite_files_keep_every_key_and_reference_when_guids_move_from_text_to_bytes_and_back()
    {
        using var temp = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync("Sqlite", temp.Path);
        await using var db = Create("Sqlite", database.ConnectionString);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var change = migrations.FindIndex(m => m.EndsWith("_GuidsAsBytes", StringComparison.Ordinal));
        Assert.True(change > 0, "the GuidsAsBytes migration is missing");
        // A lead, an email to it with its body, and a click on it, as the version before stored them: Guids as upper-case text.
        await migrator.MigrateAsync(migrations[change - 1]);
        var (lead, message, signal) = (Guid.NewGuid(), Guid.CreateVersion7(), Guid.CreateVersion7());
        string Text(Guid id) => id.ToString("D").ToUpperInvariant();
        var now = DateTimeOffset.UtcNow.UtcTicks;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO leads ("Id", "Email", "Stage", "Tags", "EngagementScore", "CreatedAt", "UpdatedAt", "Revision")
            VALUES ({Text(lead)}, {"sam@example.com"}, {"Lead"}, {"[]"}, {0}, {now}, {now}, {1});
            INSERT INTO outbox ("Id", "LeadId", "IdempotencyKey", "Kind", "Recipient", "Subject", "MessageIdHeader", "Status", "Attempts", "Priority", "RecipientDomain", "CreatedAt", "NextAttemptAt")
            VALUES ({Text(message)}, {Text(lead)}, {"welcome/1"}, {"Marketing"}, {"sam@example.com"}, {"Welcome"}, {"<1@nurture.localhost>"}, {"Pending"}, {0}, {0}, {"example.com"}, {now}, {now});
            INSERT INTO outbox_bodies ("MessageId", "Mime") VALUES ({Text(message)}, {"Subject: Welcome\r\n\r\nHi"u8.ToArray()});
            INSERT INTO signals ("Id", "LeadId", "MessageId", "Type", "Source", "Label", "OccurredAt", "ReceivedAt")
            VALUES ({Text(signal)}, {Text(lead)}, {Text(message)}, {"email.clicked"}, {"tracking"}, {"Human"}, {now}, {now});
            """);

        await migrator.MigrateAsync();
        var click = await db.Signals.AsNoTracking().SingleAsync(s => s.Id == signal);
        Assert.Equal((lead, message), (click.LeadId, click.MessageId!.Value));
        var email = await db.Outbox.AsNoTracking().Include(m => m.Body).SingleAsync(m => m.LeadId == lead);
        Assert.Equal(message, email.Id);
        Assert.NotNull(email.Body);
        Assert.Equal("sam@example.com", (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead)).Email);
        Assert.Equal("blob16", await db.Database.SqlQuery<string>($"SELECT typeof(\"Id\") || length(\"Id\") AS \"Value\" FROM signals").SingleAsync());
        Assert.Empty(await db.Database.SqlQuery<string>($"SELECT \"table\" AS \"Value\" FROM pragma_foreign_key_check").ToListAsync());

        // And back: the same text as before.
        await migrator.MigrateAsync(migrations[change - 1]);
        var row = await db.Database.SqlQuery<string>($"SELECT \"Id\" || ' ' || \"LeadId\" || ' ' || \"MessageId\" AS \"Value\" FROM signals").SingleAsync();
        Assert.Equal($"{Text(signal)} {Text(lead)} {Text(message)}", row);
        Assert.Empty(await db.Database.SqlQuery<string>($"SELECT \"table\" AS \"Value\" FROM pragma_foreign_key_check").ToListAsync());
    }

    private static NurtureDbContext Create(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<NurtureDbContext>();
        options.Use(provider, connectionString);
        return new NurtureDbContext(options.Options);
    }
}
