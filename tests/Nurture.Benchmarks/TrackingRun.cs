using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Data.Sqlite;
using Nurture.Server;

namespace Nurture.Benchmarks;

/// <summary>
/// Open-pixel hits per second with the same load generator against (a) a bare Kestrel endpoint returning
/// the same GIF and (b) the real server, which verifies the signed token, classifies the hit and hands its
/// signal row to the group commit (SQLite file, WAL), while its workers score the human hits behind it. Ours
/// counts as committed: the clock runs until the last answered hit's row is.
/// <para>
/// Both run in one process, warmed up, then measured in alternating phases (bare, ours, ours, bare, bare,
/// ours…): a single pair measured minutes apart swung with this machine's speed (bare alone ran anywhere
/// from 30,000 to 58,000 hits/s from one run to the next). After each of our phases its scoring backlog
/// is worked off, so that neither side is measured beside the other's leftovers.
/// </para>
/// </summary>
public static class TrackingRun
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    private static string Agent => Environment.GetEnvironmentVariable("NURTURE_AGENT") ?? Browser;

    public static TimeSpan WarmUp => TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("NURTURE_WARMUP"), out var seconds) ? seconds : 10);

    /// <summary>Measured phases per side (NURTURE_ROUNDS, 3 by default).</summary>
    public static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("NURTURE_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 3;

    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <returns>
    /// Ours as answered, and <c>Durable</c>: the same hits over the time until the last one answered was
    /// committed (hits are answered before their group commit, so that is the rate that counts); each side's
    /// phases taken together.
    /// </returns>
    public static async Task<(LoadResult Ours, LoadResult Durable, LoadResult Baseline)> RunAsync(string directory, int concurrency, TimeSpan phase)
    {
        await using var bare = BareKestrel();
        await bare.StartAsync();
        await using var server = Server(directory);
        await server.StartAsync();
        // "unrecorded": the pipeline's ceiling, the same request with a token that fails verification (the pixel is served, nothing is written).
        var unrecorded = Environment.GetEnvironmentVariable("NURTURE_TRACKING") == "unrecorded";
        var paths = unrecorded ? ["/t/o/" + new string('A', 86)] : await OpenPixelPathsAsync(server, leads: 200);
        if (Postgres is null)
        {
            await using var db = await Databases(server).CreateDbContextAsync();
            await SqlitePragmasInterceptor.UseWriteAheadLogAsync(db.Database, CancellationToken.None);
        }
        using var bareLoad = new LoadGenerator(AddressOf(bare), ["/t/o/token"], concurrency, Agent);
        using var ourLoad = new LoadGenerator(AddressOf(server), paths, concurrency, Agent);

        // Untimed first: after 3 s the JIT's background tiering still took a seventh of the CPU on our side (a server runs for weeks).
        await bareLoad.WarmUpAsync(WarmUp);
        await ourLoad.WarmUpAsync(WarmUp);
        await ReportScoringBacklogAsync(server);

        List<LoadPhase> baseline = [], ours = [], durable = [];
        for (var round = 0; round < Rounds; round++)
        {
            // Bare first in even rounds, ours first in odd ones: a drift in the machine's speed falls on both.
            if (round % 2 == 0)
                baseline.Add(await bareLoad.RunAsync(phase));
            var (answered, committed) = await MeasureOursAsync(server, ourLoad, phase, unrecorded);
            ours.Add(answered);
            durable.Add(committed);
            if (round % 2 == 1)
                baseline.Add(await bareLoad.RunAsync(phase));
            Console.WriteLine($"  round {round + 1}: bare {baseline[^1].PerSecond:N0} hits/s, ours committed {committed.PerSecond:N0} hits/s: {committed.PerSecond / baseline[^1].PerSecond:F2}x");
        }
        return (LoadResult.Of(ours), LoadResult.Of(durable), LoadResult.Of(baseline));
    }

    /// <summary>One phase of ours, then its rows committed and its signals scored before the next phase.</summary>
    private static async Task<(LoadPhase Answered, LoadPhase Committed)> MeasureOursAsync(WebApplication server, LoadGenerator load, TimeSpan phase, bool unrecorded)
    {
        var before = await OpenSignalsAsync(server);
        var answered = await load.RunAsync(phase);
        var drain = System.Diagnostics.Stopwatch.StartNew();
        await server.Services.GetRequiredService<SignalWriter>().FlushAsync(CancellationToken.None);
        var committed = answered with { Seconds = answered.Seconds + drain.Elapsed.TotalSeconds };
        Console.WriteLine($"  the last answered hit was committed {drain.Elapsed.TotalMilliseconds:F0} ms after the load stopped");
        var recorded = await OpenSignalsAsync(server) - before;
        if (recorded < answered.Milliseconds.Length && !unrecorded)
            throw new InvalidOperationException($"{answered.Milliseconds.Length} hits answered in a measured phase but only {recorded} signal rows were stored in it.");
        await ReportScoringBacklogAsync(server);
        return (answered, committed);
    }

    private static WebApplication BareKestrel()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/t/o/{token}", (string token, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
            return Results.Bytes(Gif, "image/gif");
        });
        return app;
    }

    /// <summary>NURTURE_POSTGRES: a connection string to an empty PostgreSQL database to run our side on instead of a SQLite file.</summary>
    private static string? Postgres => Environment.GetEnvironmentVariable("NURTURE_POSTGRES") is { Length: > 0 } cs ? cs : null;

    private static WebApplication Server(string directory)
    {
        var data = Directory.CreateDirectory(Path.Combine(directory, "tracking")).FullName;
        return NurtureServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Nurture:Home"] = Repository.Root,
                ["Nurture:DataDirectory"] = data,
                ["Database:Provider"] = Postgres is null ? "Sqlite" : "PostgreSql",
                ["ConnectionStrings:Nurture"] = Postgres ?? $"Data Source={Path.Combine(data, "tracking.db")};Pooling=True",
                ["Email:PickupDirectory"] = Path.Combine(data, "pickup"),
                ["Api:Keys:0"] = "benchmark-key-0123456789",
                ["Tracking:SigningKey"] = "benchmark-signing-key-0123456789-abcdefghij",
                ["Email:MaxMarketingPerWeek"] = "0",
                ["Email:SendingHours:Start"] = "",
                ["Email:SendingHours:End"] = "",
                // 16 clients on one address replay 200 pixel URLs: with the repeat window on, all but the first hit of
                // each would be counted in memory, not written. Off, every hit is a row, as from distinct readers.
                ["Tracking:RepeatWindow"] = Environment.GetEnvironmentVariable("NURTURE_REPEAT_WINDOW") ?? "00:00:00",
                ["Database:SqliteSynchronous"] = Environment.GetEnvironmentVariable("NURTURE_SYNCHRONOUS"), // unset: the server's default
                ["Database:SqliteWalAutocheckpoint"] = Environment.GetEnvironmentVariable("NURTURE_WAL_AUTOCHECKPOINT"), // unset: the server's default
            });
            builder.Logging.ClearProviders();
        });
    }

    /// <summary>Leads created through the API; each gets the welcome email (pickup folder); one open-pixel URL per email.</summary>
    private static async Task<List<string>> OpenPixelPathsAsync(WebApplication server, int leads)
    {
        using var client = new HttpClient { BaseAddress = AddressOf(server) };
        client.DefaultRequestHeaders.Add("X-Api-Key", "benchmark-key-0123456789");
        for (var i = 0; i < leads; i++)
            (await client.PostAsJsonAsync("/api/leads", new { email = $"reader{i}@example.com", firstName = "Sam" })).EnsureSuccessStatusCode();

        var databases = Databases(server);
        List<OutboxMessage> sent;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync();
            sent = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent && m.LeadId != null).ToListAsync();
            if (sent.Count >= leads)
                break;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Only {sent.Count} of {leads} welcome emails were sent.");
            await Task.Delay(200);
        }
        // A minute on, so that opens are past the scanner window (they are human opens: the costly kind).
        var urls = server.Services.GetRequiredService<TrackingUrls>();
        var now = DateTimeOffset.UtcNow;
        return sent.Select(m => new Uri(urls.Open(m.Id, m.LeadId!.Value, now)).PathAndQuery).ToList();
    }

    /// <summary>Signals are scored behind the writer: how many were still waiting when the load stopped, and how long they took to drain.</summary>
    public static async Task ReportScoringBacklogAsync(WebApplication server)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var waiting = await UnprocessedAsync(server);
        var left = waiting;
        while (left > 0 && watch.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(500);
            left = await UnprocessedAsync(server);
        }
        Console.WriteLine($"  signals not yet scored when the load stopped: {waiting:N0}; {(left == 0 ? $"all scored {watch.Elapsed.TotalSeconds:F1} s later" : $"{left:N0} still waiting after 10 minutes")}");
    }

    private static async Task<int> UnprocessedAsync(WebApplication server)
    {
        await using var db = await Databases(server).CreateDbContextAsync();
        return await db.Signals.CountAsync(s => s.ProcessedAt == null);
    }

    private static async Task<int> OpenSignalsAsync(WebApplication server)
    {
        await using var db = await Databases(server).CreateDbContextAsync();
        return await db.Signals.CountAsync(s => s.Type == SignalTypes.Open);
    }

    private static IDbContextFactory<NurtureDbContext> Databases(WebApplication server) =>
        server.Services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();

    /// <summary>Where a started app listens (it was given port 0).</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
