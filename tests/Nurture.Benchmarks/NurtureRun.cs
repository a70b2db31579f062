using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nurture.Core.Data;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Work;
using Nurture.Data.Sqlite;
using Nurture.Server.Data;

namespace Nurture.Benchmarks;

/// <summary>
/// Our runtime, durably: a SQLite file (WAL), leads entered through the real runner, then one delay that
/// falls due for all of them at once, fired by the real timer sweep (batches, one commit each).
/// </summary>
public static class NurtureRun
{
    public const string Journey = """
        {
          "id": "nurture-shape", "name": "Benchmark shape", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "wait", "type": "Delay", "properties": { "duration": "P1D" } },
            { "id": "tag", "type": "AddTag", "properties": { "tag": "nurtured" } },
            { "id": "score", "type": "AdjustScore", "properties": { "points": 7 } },
            { "id": "stage", "type": "SetStage", "properties": { "stage": "Sql" } }
          ],
          "connections": [ { "from": "wait", "to": "tag" }, { "from": "tag", "to": "score" }, { "from": "score", "to": "stage" } ]
        }
        """;

    public static async Task<(double Seconds, int Activities)> RunAsync(int leads, string directory)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var services = Services(directory, clock);
        var journeys = await PrepareAsync(services, directory);
        var databases = services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        await EnterAsync(services, journeys, leads);

        clock.Advance(TimeSpan.FromDays(1));
        var sweeper = services.GetRequiredService<TimerSweeper>();
        var watch = Stopwatch.StartNew();
        var fired = await sweeper.SweepAsync(CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        if (fired != leads)
            throw new InvalidOperationException($"Expected {leads} timers to fire, {fired} did.");
        await using var check = await databases.CreateDbContextAsync();
        var done = await check.Leads.CountAsync(l => l.Stage == LeadStage.Sql);
        if (done != leads)
            throw new InvalidOperationException($"Expected {leads} leads at Sql, found {done}.");
        return (seconds, leads * 4); // the delay's completion, tag, score and stage
    }

    /// <summary>Creates <paramref name="leads"/> leads and starts the journey for each through the real runner, a thousand per commit.</summary>
    public static async Task EnterAsync(IServiceProvider services, LoadedJourney journey, int leads)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var runner = services.GetRequiredService<JourneyRunner>();
        var databases = services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        for (var start = 0; start < leads; start += 1_000)
        {
            await using var db = await databases.CreateDbContextAsync();
            for (var i = start; i < Math.Min(leads, start + 1_000); i++)
            {
                var lead = new Lead { Id = Guid.CreateVersion7(clock.GetUtcNow()), Email = $"lead{i}@example.com", CreatedAt = clock.GetUtcNow() };
                db.Leads.Add(lead);
                await runner.StartAsync(new LeadWork(db, lead), journey, leadActionAt: null, CancellationToken.None);
            }
            await db.SaveChangesAsync();
        }
    }

    public static ServiceProvider Services(string directory, TimeProvider clock, string file = "bench.db", Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddOptions()
            .AddSingleton(clock)
            .AddNurtureEngine()
            .Configure<JourneyOptions>(o =>
            {
                o.SweepBatchSize = int.TryParse(Environment.GetEnvironmentVariable("NURTURE_SWEEP_BATCH"), out var size) ? size : 500;
                o.SweepWorkers = int.TryParse(Environment.GetEnvironmentVariable("NURTURE_SWEEP_WORKERS"), out var workers) ? workers : 2;
            })
            .AddPooledDbContextFactory<NurtureDbContext>(o => o.Use("Sqlite", $"Data Source={Path.Combine(directory, file)};Pooling=True")
                .AddInterceptors(SqliteSettings()));
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The server's SQLite settings (synchronous, WAL checkpoint size), read and checked as the server does;
    /// NURTURE_SYNCHRONOUS and NURTURE_WAL_AUTOCHECKPOINT override them to compare (unset: the server's defaults).
    /// </summary>
    public static SqlitePragmasInterceptor SqliteSettings() =>
        SqlitePragmas.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:SqliteSynchronous"] = Environment.GetEnvironmentVariable("NURTURE_SYNCHRONOUS"),
            ["Database:SqliteWalAutocheckpoint"] = Environment.GetEnvironmentVariable("NURTURE_WAL_AUTOCHECKPOINT"),
        }).Build());

    /// <summary>Migrates, loads the repository's templates and publishes the benchmark journey.</summary>
    public static async Task<LoadedJourney> PrepareAsync(IServiceProvider services, string directory)
    {
        await using (var db = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await SqlitePragmasInterceptor.UseWriteAheadLogAsync(db.Database, CancellationToken.None);
        }
        services.GetRequiredService<TemplateStore>().Load(Path.Combine(Repository.Root, "templates"));
        var workflows = Directory.CreateDirectory(Path.Combine(directory, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "shape.json"), Journey);
        var catalog = services.GetRequiredService<JourneyCatalog>();
        await catalog.LoadDirectoryAsync(workflows, CancellationToken.None);
        return catalog.Find("nurture-shape") ?? throw new InvalidOperationException(string.Join("; ", catalog.LoadErrors));
    }
}
