using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nurture.Chaos;
using Nurture.Core.Data;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Server.Data;

namespace Nurture.Benchmarks.Cluster;

/// <summary>One side's run: how long its nodes took to work off every lead's due wait, and what it cost.</summary>
public sealed record ClusterResult(string Side, int Nodes, int Leads, double Seconds, double ClientCpuSeconds, PostgresCost Database)
{
    /// <summary>The wait's completion and the three activities after it, as in <see cref="NurtureRun.Journey"/>.</summary>
    public int Activities => Leads * 4;

    public double PerSecond => Activities / Seconds;

    /// <summary>
    /// Times <paramref name="work"/> (bringing every lead due and waiting until all are done), with what it cost
    /// the database and the side's own processes (<paramref name="clientCpuSeconds"/>, read before and after).
    /// </summary>
    public static async Task<ClusterResult> MeasureAsync(string side, int nodes, int leads, string connectionString, Func<double> clientCpuSeconds, Func<Task> work)
    {
        var before = await PostgresCost.SampleAsync(connectionString);
        var cpuBefore = clientCpuSeconds();
        var watch = Stopwatch.StartNew();
        await work();
        var seconds = watch.Elapsed.TotalSeconds;
        var cpu = clientCpuSeconds() - cpuBefore;
        await Task.Delay(TimeSpan.FromSeconds(1)); // PostgreSQL publishes its commit counts at most once a second
        return new ClusterResult(side, nodes, leads, seconds, cpu, PostgresCost.Between(before, await PostgresCost.SampleAsync(connectionString)));
    }
}

/// <summary>
/// Many leads due at once on PostgreSQL, worked off by 1, 2 and 3 real <c>Nurture.Server</c> processes: the
/// benchmark journey (a delay, then tag, score and stage) entered for every lead on one database, copied
/// for each run, brought due at once (one UPDATE of the waits' due time, the nodes already up), and timed
/// until every lead has reached the last activity. The nodes share this machine's two cores with
/// PostgreSQL, so more nodes cannot add speed here; what this shows is that they do not collapse (the
/// claims keep them off each other's rows), and what each activity costs the database, from which the
/// capacity of one PostgreSQL is estimated.
/// </summary>
public static class ScaleRun
{
    /// <param name="baselineLeads">
    /// Hangfire's share: it works off about a hundred jobs a second here (some thirty commits each), so a
    /// hundred thousand would take a quarter of an hour. Its rate grows with the count while its pollers'
    /// start-up weighs less (2,000 jobs: 47 a second; 10,000: 112).
    /// </param>
    public static async Task<IReadOnlyList<ClusterResult>> RunAsync(int leads, int baselineLeads, string directory, IReadOnlyList<int> nodeCounts)
    {
        var home = Home(Path.Combine(directory, "home"));
        await using var seeded = await ChaosDatabase.CreateAsync("nurture_scale_seed_");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(seeded, home, leads);
        Console.WriteLine($"  {leads:N0} leads entered the journey and wait, in {seeding.Elapsed.TotalSeconds:F0} s");
        var results = new List<ClusterResult>();
        foreach (var count in nodeCounts)
        {
            await using var database = await ChaosDatabase.CreateAsync("nurture_scale_", seeded);
            var result = await RunNodesAsync(database, home, leads, count, Path.Combine(directory, $"nodes-{count}"));
            Console.WriteLine($"  {result.Side}: {result.Activities:N0} activities in {result.Seconds:F1} s = {result.PerSecond:N0}/s");
            results.Add(result);
        }
        await using (var baseline = await ChaosDatabase.CreateAsync("nurture_scale_hangfire_"))
        {
            var result = await HangfireRun.RunAsync(baseline, baselineLeads);
            Console.WriteLine($"  {result.Side}: {result.Activities:N0} activities in {result.Seconds:F1} s = {result.PerSecond:N0}/s");
            results.Add(result);
        }
        return results;
    }

    private static async Task<ClusterResult> RunNodesAsync(ChaosDatabase database, string home, int leads, int count, string directory)
    {
        var settings = new Dictionary<string, string>
        {
            ["Nurture__Home"] = home,
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Nurture"] = database.ConnectionString,
            ["Tracking__SigningKey"] = "scale-signing-key-that-is-long-enough-0123456789",
            ["Webhooks__Secret"] = "scale-webhook-secret-0123456789-abcdefghij",
            ["Accounts__AdminEmail"] = "admin@scale.test",
            ["Journeys__SweepInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        var nodes = Enumerable.Range(1, count).Select(i => new NodeProcess($"node{i}", settings, Path.Combine(directory, $"node{i}"))).ToList();
        try
        {
            foreach (var node in nodes)
                await node.StartAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(3)); // past their start-up work, idle, as Hangfire's server is when its clock starts
            await using var db = database.Context();
            var result = await ClusterResult.MeasureAsync($"Nurture, {count} node{(count == 1 ? "" : "s")}", count, leads, database.ConnectionString,
                () => nodes.Sum(n => n.ProcessorTime.TotalSeconds), async () =>
                {
                    var now = DateTimeOffset.UtcNow;
                    await db.JourneyWaits.ExecuteUpdateAsync(w => w.SetProperty(x => x.DueAt, now));
                    while (await db.Leads.CountAsync(l => l.Stage == LeadStage.Sql) < leads)
                        await Task.Delay(250);
                });
            if (await db.Leads.CountAsync(l => l.EngagementScore != 7) is > 0 and var wrong)
                throw new InvalidOperationException($"{wrong} leads were not scored exactly once.");
            return result;
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    /// <summary>
    /// A home of its own: the journey's file beside the repository's templates, assets, scoring model and
    /// routing. The nodes read it at start and publish nothing new (the seed published the same file).
    /// </summary>
    private static string Home(string home)
    {
        ChaosHome.Copy(Path.Combine(Repository.Root, "templates"), Path.Combine(home, "templates"));
        ChaosHome.Copy(Path.Combine(Repository.Root, "assets"), Path.Combine(home, "assets"));
        ChaosHome.Copy(Path.Combine(Repository.Root, "workflows", "scoring"), Path.Combine(home, "workflows", "scoring"));
        ChaosHome.Copy(Path.Combine(Repository.Root, "workflows", "sales"), Path.Combine(home, "workflows", "sales"));
        File.Copy(Path.Combine(Repository.Root, "workflows", "fields.json"), Path.Combine(home, "workflows", "fields.json"));
        File.WriteAllText(Path.Combine(home, "workflows", "shape.json"), NurtureRun.Journey);
        return home;
    }

    /// <summary>Migrates, publishes the journey from the home and enters every lead through the real runner, a thousand per commit.</summary>
    private static async Task SeedAsync(ChaosDatabase database, string home, int leads)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOptions()
            .AddSingleton<TimeProvider>(clock)
            .AddNurtureEngine()
            .AddPooledDbContextFactory<NurtureDbContext>(o => o.Use("PostgreSql", database.ConnectionString))
            .BuildServiceProvider();
        var databases = services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        await using (var db = await databases.CreateDbContextAsync())
            await db.Database.MigrateAsync();
        var catalog = services.GetRequiredService<JourneyCatalog>();
        await catalog.LoadDirectoryAsync(Path.Combine(home, "workflows"), CancellationToken.None);
        var journeys = catalog.Find("nurture-shape") ?? throw new InvalidOperationException(string.Join("; ", catalog.LoadErrors));
        await NurtureRun.EnterAsync(services, journeys, leads);
    }
}
