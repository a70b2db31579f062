using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;

namespace Nurture.Benchmarks;

/// <summary>
/// Starts the real server as a separate process on a database where a million leads wait in a journey,
/// and measures the time from process start to the first 200 from /health, and the process's peak memory.
/// Nothing at start may grow with the number of waits (Elsa blocked start-up with 25k pending delays).
/// </summary>
public static class StartupRun
{
    public static async Task<(double Seconds, long PeakBytes)> RunAsync(int waiting, string directory)
    {
        const string file = "startup.db";
        await using (var services = NurtureRun.Services(directory, TimeProvider.System, file))
        {
            await NurtureRun.PrepareAsync(services, directory);
            await using var db = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var due = DateTimeOffset.UtcNow.AddYears(1).UtcTicks;
            var now = DateTimeOffset.UtcNow.UtcTicks;
            // Rows generated inside SQLite: the set-up is not what is measured.
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {waiting})
                INSERT INTO leads ("Id", "Email", "Stage", "Tags", "EngagementScore", "FitScore", "QualityScore", "ReliabilityScore", "OpenTrackingOff", "OptIn", "OptedOutTopics", "CreatedAt", "UpdatedAt", "Revision")
                SELECT unhex(printf('%08X000070008000%012X', i, i)), 'lead' || i || '@example.com', 'Lead', '[]', 0, 0, 0, 0, 0, 'NotRequired', '[]', {now}, {now}, 1 FROM n;
                """);
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {waiting})
                INSERT INTO journey_instances ("Id", "LeadId", "JourneyId", "Version", "Status", "CurrentActivityId", "Entry", "ActiveKey", "RunStartedAt", "StartedAt", "UpdatedAt", "Steps")
                SELECT unhex(printf('%08X000170008000%012X', i, i)), unhex(printf('%08X000070008000%012X', i, i)), 'nurture-shape', 1, 'Waiting', 'wait', 1,
                       printf('%08x00007000800%012x/nurture-shape', i, i), {now}, {now}, {now}, 1 FROM n;
                """);
            await db.Database.ExecuteSqlAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {waiting})
                INSERT INTO journey_waits ("Id", "InstanceId", "LeadId", "ActivityId", "Kind", "DueAt", "Outcome", "CreatedAt")
                SELECT unhex(printf('%08X000270008000%012X', i, i)), unhex(printf('%08X000170008000%012X', i, i)), unhex(printf('%08X000070008000%012X', i, i)),
                       'wait', 'Timer', {due}, 'Done', {now} FROM n;
                """);
            var stored = await db.JourneyWaits.CountAsync();
            if (stored != waiting)
                throw new InvalidOperationException($"Expected {waiting} waits, found {stored}.");
        }

        var server = Path.Combine(AppContext.BaseDirectory, "Nurture.Server.dll");
        var port = 5900 + Random.Shared.Next(90);
        var start = new ProcessStartInfo("dotnet", [server, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Nurture__Home"] = Repository.Root,
                ["Nurture__DataDirectory"] = directory,
                ["ConnectionStrings__Nurture"] = $"Data Source={Path.Combine(directory, file)}",
                ["Api__Keys__0"] = "benchmark-key-0123456789",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (true)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                    break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (process.HasExited || watch.Elapsed > TimeSpan.FromMinutes(2))
                throw new InvalidOperationException("The server did not start.");
            await Task.Delay(20);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the first sweeps run (none is due) before reading the peak
        var peak = PeakResidentBytes(process.Id);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return (seconds, peak);
    }

    /// <summary>VmHWM: the peak resident set of the process, as Linux counts it.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
