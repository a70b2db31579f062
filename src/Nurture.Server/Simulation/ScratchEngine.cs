using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Forms;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Hosting;
using Nurture.Core.Leads.Fields;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Scoring.Reliability;
using Nurture.Core.Simulation;
using Nurture.Core.Webhooks;
using Nurture.Data.Sqlite;
using Nurture.Server.Data;
using Nurture.Server.Startup;

namespace Nurture.Server.Simulation;

/// <summary>
/// A second, private engine for one simulation run: the server's configuration and the documents in force
/// (templates, assets, content, scoring model, fields, routing, forms), on a scratch SQLite file and a
/// simulated clock. Its workers never start, so nothing leaves: no email, no webhook, no DNS lookup.
/// The real tables are only read, before the run, for the population and the response history.
/// </summary>
internal sealed class ScratchEngine : IAsyncDisposable
{
    /// <summary>What the scratch engine changes in the server's configuration, and why.</summary>
    private static readonly Dictionary<string, string?> Overrides = new()
    {
        // Signing costs a millisecond an email and the email goes nowhere.
        ["Email:Dkim:PrivateKeyFile"] = "",
        // Per-minute throttles count real seconds; the simulation moves an hour at a time.
        ["Email:DefaultDomainRatePerMinute"] = "0",
        // One sweep loop: the passes are the same, and the order of a batch does not depend on two loops' timing.
        ["Journeys:SweepWorkers"] = "1",
    };

    private static readonly Type[] SharedDocuments =
    [
        typeof(TemplateStore), typeof(AssetStore), typeof(ContentLibrary), typeof(ContentPerformanceProvider), typeof(ScoringModelProvider),
        typeof(CustomFieldsProvider), typeof(RoutingProvider), typeof(FormCatalog), typeof(TokenSigner), typeof(WebhookSecret), typeof(PublicAddress),
    ];

    private readonly ServiceProvider _services;
    private readonly string _file;

    private ScratchEngine(ServiceProvider services, string file)
    {
        _services = services;
        _file = file;
    }

    public JourneySimulation Simulation => _services.GetRequiredService<JourneySimulation>();

    public static async Task<ScratchEngine> CreateAsync(IServiceProvider host, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(host.GetRequiredService<NurturePaths>().DataDirectory, "simulations");
        Directory.CreateDirectory(directory);
        RemoveLeftovers(directory, host.GetRequiredService<TimeProvider>().GetUtcNow());
        var file = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(host.GetRequiredService<IConfiguration>())
            .AddInMemoryCollection(Overrides)
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEngineOptions(configuration);
        var clock = new SimulatedClock(start);
        services.AddSingleton(clock).AddSingleton<TimeProvider>(clock);
        // Off: a crash loses a simulation, which is run again; journal and WAL would cost a write each commit.
        services.AddPooledDbContextFactory<NurtureDbContext>(o => o
            .Use("Sqlite", ConnectionString(file))
            .AddInterceptors(new SqlitePragmasInterceptor("OFF", 10_000)));
        services.AddNurtureEngine();
        foreach (var shared in SharedDocuments)
            services.AddSingleton(shared, host.GetRequiredService(shared));
        services.AddSingleton<IMxLookup, AssumedMx>();
        services.AddSingleton<IMarketingMessages, SketchedMessages>();
        services.AddSingleton<SimulatedDelivery>();
        services.AddSingleton<JourneySimulation>();

        var provider = services.BuildServiceProvider();
        try
        {
            await using var db = await provider.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync(cancellationToken);
            await db.Database.EnsureCreatedAsync(cancellationToken);
            return new ScratchEngine(provider, file);
        }
        catch
        {
            await provider.DisposeAsync();
            Delete(file);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Delete(_file);
    }

    /// <summary>A run ends by deleting its file; one that was killed left it behind (an hour is longer than any run).</summary>
    private static void RemoveLeftovers(string directory, DateTimeOffset now)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.db*").Where(f => File.GetLastWriteTimeUtc(f) < now.UtcDateTime.AddHours(-1)))
            File.Delete(file);
    }

    /// <summary>Pooled: a connection opened afresh reads the whole schema again, a millisecond or more each unit of work.</summary>
    private static string ConnectionString(string file) => $"Data Source={file};Pooling=True";

    private static void Delete(string file)
    {
        using (var connection = new SqliteConnection(ConnectionString(file)))
            SqliteConnection.ClearPool(connection);
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            File.Delete(path);
    }

    /// <summary>Every domain takes mail: a made-up lead's domain has no records, and a real lead's reliability is copied as it is.</summary>
    private sealed class AssumedMx : IMxLookup
    {
        public Task<MxResult> CheckAsync(string domain, CancellationToken cancellationToken) =>
            Task.FromResult(new MxResult(MxStatus.Valid, "assumed in a simulation"));
    }
}
