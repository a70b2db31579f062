using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;
using Nurture.Data.Sqlite;
using Nurture.Server.Accounts;
using Nurture.Server.Data;
using Nurture.Server.Documents;

namespace Nurture.Server.Startup;

/// <summary>
/// Runs before the workers start: migrate, load keys, seed and load the shared documents (templates,
/// assets, the scoring model, fields, routing) and the journeys (a broken journey is reported and skipped), create the first API key, replay the inbox.
/// </summary>
public sealed class NurtureStartup(
    NurturePaths paths,
    IDbContextFactory<NurtureDbContext> databases,
    IOptions<DatabaseOptions> database,
    IOptions<SalesOptions> sales,
    IOptions<EmailOptions> email,
    IOptions<ComplianceOptions> compliance,
    WebhookSecret webhookSecret,
    TokenSigner signer,
    SharedDocuments documents,
    TemplateStore templates,
    AssetStore assets,
    JourneyCatalog journeys,
    DateTriggers dateTriggers,
    ApiKeyStore apiKeys,
    SignalReplaySweeper replay,
    IServiceScopeFactory scopes,
    ILogger<NurtureStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.DataDirectory);
        // Nodes starting together on a new database would each migrate it, generate the keys, publish the files
        // and create the first admin, and collide: they take turns, and each after the first finds it done.
        await using (await StartupLock.AcquireAsync(databases, cancellationToken))
            await PrepareAsync(cancellationToken);
        await replay.SweepAsync(cancellationToken);
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
        // Read (or generated and stored, at first start) now: a bad key stops the start, and the first email need not wait.
        signer.EnsureKey();
        _ = webhookSecret.Crm;
        _ = webhookSecret.Journey;

        WarnAboutSenderDomain(email.Value);
        await documents.SeedAsync(cancellationToken);
        await documents.LoadAsync(cancellationToken);
        foreach (var error in templates.Errors)
            logger.LogError("Template not loaded: {Error}", error);
        foreach (var required in new[] { sales.Value.HandoffTemplate, sales.Value.ReminderTemplate, sales.Value.EscalationTemplate })
        {
            if (!templates.Exists(required))
                throw new InvalidOperationException($"The sales template '{required}' is missing or broken in {paths.Templates}.");
        }
        if (!templates.Exists(compliance.Value.ConfirmationTemplate))
            throw new InvalidOperationException($"The double opt-in template '{compliance.Value.ConfirmationTemplate}' is missing or broken in {paths.Templates}.");

        await journeys.LoadDirectoryAsync(paths.Workflows, cancellationToken);
        await dateTriggers.RescheduleIfChangedAsync(cancellationToken);
        logger.LogInformation("Loaded {Templates} templates, {Assets} assets, {Journeys} journeys ({Errors} journey errors)",
            templates.All.Count, assets.Names.Count, journeys.Published.Count, journeys.LoadErrors.Count);

        if (await apiKeys.InitializeAsync(cancellationToken) is { } generated)
        {
            // Printed once, on the console only: the database keeps nothing but the hash.
            Console.WriteLine($"API key (shown once, keep it): {generated}");
            Console.WriteLine($"  export NURTURE_API_KEY={generated}");
        }
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<Accounts.FirstAdmin>().EnsureAsync() is { } password)
            {
                // Printed once, like the API key: Identity keeps only the password's hash.
                var email = scope.ServiceProvider.GetRequiredService<IOptions<Accounts.AccountOptions>>().Value.AdminEmail;
                Console.WriteLine($"Web app admin (shown once, keep it): {email} / {password}");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Real mail from a reserved domain cannot pass SPF, DKIM or DMARC: most of it lands in spam or nowhere.</summary>
    private void WarnAboutSenderDomain(EmailOptions options)
    {
        if (options.Smtp.IsConfigured && EmailOptions.IsReservedDomain(options.FromDomain))
            logger.LogWarning("Email:From is on {Domain}, a domain reserved for tests: mail sent through SMTP {Host} cannot authenticate " +
                "(SPF, DKIM, DMARC) and bounces come back nowhere. Set Email:From to an address on your own domain; GET /api/delivery/dns lists the records to publish.",
                options.FromDomain, options.Smtp.Host);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (database.Value.MigrateOnStart)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migrations on {Provider}: {Migrations}", pending.Count, database.Value.Provider, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        if (db.Database.ProviderName == NurtureDbContext.SqliteProvider)
            await SqlitePragmasInterceptor.UseWriteAheadLogAsync(db.Database, cancellationToken);
    }
}
