using System.Diagnostics;
using System.Runtime;

namespace Nurture.Benchmarks;

public sealed record LoadResult(int Requests, int Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    public override string ToString() =>
        $"{PerSecond:N0} hits/s ({Requests:N0} in {Seconds:F1} s, {Failures} failed), p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms";
}

/// <summary>
/// A closed-loop HTTP load generator: <c>concurrency</c> workers, each sending its next request as soon as
/// the previous one answered, for a fixed time after a warm-up. Latency is measured per request.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(Uri baseAddress, IReadOnlyList<string> paths, int concurrency, TimeSpan warmUp, TimeSpan duration, string userAgent)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);

        await WarmUpAsync(client, paths, concurrency, warmUp);
        var latencies = await RunPhaseAsync(client, paths, concurrency, duration);
        var all = latencies.SelectMany(l => l.Milliseconds).Order().ToArray();
        var failures = latencies.Sum(l => l.Failures);
        return new LoadResult(all.Length, failures, duration.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    // The JIT's background tiering recompiles thousands of hot methods (instrumented, then optimised) in
    // the first seconds under load: on two cores it took a quarter of the CPU for up to 20 s. Measured
    // then, a run shows a server still compiling itself, not one that has been up for weeks.
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuietJitPerSecond = TimeSpan.FromMilliseconds(20);

    /// <summary>Untimed load for at least <paramref name="minimum"/>, then until the JIT spends under 2 % of a core compiling (60 s at most).</summary>
    private static async Task WarmUpAsync(HttpClient client, IReadOnlyList<string> paths, int concurrency, TimeSpan minimum)
    {
        var watch = Stopwatch.StartNew();
        await RunPhaseAsync(client, paths, concurrency, minimum);
        var jit = JitInfo.GetCompilationTime();
        while (watch.Elapsed < MaxWarmUp)
        {
            await RunPhaseAsync(client, paths, concurrency, TimeSpan.FromSeconds(1));
            var now = JitInfo.GetCompilationTime();
            var lastSecond = now - jit;
            jit = now;
            if (Environment.GetEnvironmentVariable("NURTURE_VERBOSE") is not null)
                Console.WriteLine($"    warm-up: {lastSecond.TotalMilliseconds:F0} ms compiling in the last second");
            if (lastSecond < QuietJitPerSecond)
                break;
        }
        Console.WriteLine($"  warmed up for {watch.Elapsed.TotalSeconds:F0} s (JIT compiling {JitInfo.GetCompilationTime().TotalSeconds:F1} s in all so far)");
    }

    private static async Task<List<(List<double> Milliseconds, int Failures)>> RunPhaseAsync(HttpClient client, IReadOnlyList<string> paths, int concurrency, TimeSpan duration)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var milliseconds = new List<double>(capacity: 100_000);
            var failures = 0;
            var random = new Random(worker);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(paths[random.Next(paths.Count)], HttpCompletionOption.ResponseContentRead);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode)
                    milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else
                    failures++;
            }
            return (milliseconds, failures);
        })).ToList();
        return [.. await Task.WhenAll(workers)];
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
