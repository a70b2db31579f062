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
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;
using Nurture.Server;

namespace Nurture.Benchmarks;

/// <summary>
/// Open-pixel hits per second with the same load generator against (a) a bare Kestrel endpoint returning
/// the same GIF and (b) the real server, which verifies the signed token, classifies the hit and hands its
/// signal row to the group commit (SQLite file, WAL), while its workers score the human hits behind it. Ours
/// counts as committed: the clock runs until the last answered hit's row is.
/// </summary>
public static class TrackingRun
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
    private static string Agent => Environment.GetEnvironmentVariable("NURTURE_AGENT") ?? Browser;

    public static TimeSpan WarmUp => TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("NURTURE_WARMUP"), out var seconds) ? seconds : 10);
    private static readonly byte[] Gif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <returns>
    /// Ours as answered, and <c>Durable</c>: the same hits over the time until the last one answered was
    /// committed (hits are answered before their group commit, so that is the rate that counts).
    /// </returns>
    public static async Task<(LoadResult Ours, LoadResult Durable, LoadResult Baseline)> RunAsync(string directory, int concurrency, TimeSpan duration)
    {
        // Untimed first: after 3 s the JIT's background tiering still took a seventh of the CPU on our side (a server runs for weeks).
        var warmUp = WarmUp;
        LoadResult baseline;
        await using (var bare = BareKestrel())
        {
            await bare.StartAsync();
            baseline = await LoadGenerator.RunAsync(AddressOf(bare), ["/t/o/token"], concurrency, warmUp, duration, Agent);
        }

        await using var server = Server(directory);
        await server.StartAsync();
        // "unrecorded": the pipeline's ceiling, the same request with a token that fails verification (the pixel is served, nothing is written).
        var unrecorded = Environment.GetEnvironmentVariable("NURTURE_TRACKING") == "unrecorded";
        var paths = unrecorded ? ["/t/o/" + new string('A', 86)] : await OpenPixelPathsAsync(server, leads: 200);
        if (Postgres is null)
        {
            await using var db = await Databases(server).CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        var before = await OpenSignalsAsync(server);
        var ours = await LoadGenerator.RunAsync(AddressOf(server), paths, concurrency, warmUp, duration, Agent);
        var drain = System.Diagnostics.Stopwatch.StartNew();
        await server.Services.GetRequiredService<SignalWriter>().FlushAsync(CancellationToken.None);
        var durable = ours with { Seconds = ours.Seconds + drain.Elapsed.TotalSeconds };
        Console.WriteLine($"  the last answered hit was committed {drain.Elapsed.TotalMilliseconds:F0} ms after the load stopped");
        var recorded = await OpenSignalsAsync(server) - before;
        if (recorded < ours.Requests && !unrecorded)
            throw new InvalidOperationException($"{ours.Requests} hits answered in the measured phase but only {recorded} signal rows were stored in all.");
        await ReportScoringBacklogAsync(server);
        return (ours, durable, baseline);
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
