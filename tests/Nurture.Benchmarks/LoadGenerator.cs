using System.Diagnostics;
using System.Runtime;

namespace Nurture.Benchmarks;

public sealed record LoadResult(int Requests, int Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    /// <summary>Phases taken together: their requests over their time, percentiles over all their requests.</summary>
    public static LoadResult Of(IReadOnlyCollection<LoadPhase> phases)
    {
        var all = phases.SelectMany(p => p.Milliseconds).Order().ToArray();
        return new LoadResult(all.Length, phases.Sum(p => p.Failures), phases.Sum(p => p.Seconds),
            LoadGenerator.Percentile(all, 0.50), LoadGenerator.Percentile(all, 0.99));
    }

    public override string ToString() =>
        $"{PerSecond:N0} hits/s ({Requests:N0} in {Seconds:F1} s, {Failures} failed), p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms";
}

/// <summary>One measured phase: each answered request's latency, the failures, and the time it counts for.</summary>
public sealed record LoadPhase(double[] Milliseconds, int Failures, double Seconds)
{
    public double PerSecond => Milliseconds.Length / Seconds;
}

/// <summary>
/// A closed-loop HTTP load generator: <c>concurrency</c> workers, each sending its next request as soon as
/// the previous one answered. Latency is measured per request. One client, kept open across its phases.
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    private readonly HttpClient _client;
    private readonly IReadOnlyList<string> _paths;
    private readonly int _concurrency;

    public LoadGenerator(Uri baseAddress, IReadOnlyList<string> paths, int concurrency, string userAgent)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        _paths = paths;
        _concurrency = concurrency;
    }

    // The JIT's background tiering recompiles thousands of hot methods (instrumented, then optimised) in
    // the first seconds under load: on two cores it took a quarter of the CPU for up to 20 s. Measured
    // then, a run shows a server still compiling itself, not one that has been up for weeks.
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan QuietJitPerSecond = TimeSpan.FromMilliseconds(20);

    /// <summary>Untimed load for at least <paramref name="minimum"/>, then until the JIT spends under 2 % of a core compiling (60 s at most).</summary>
    public async Task WarmUpAsync(TimeSpan minimum)
    {
        var watch = Stopwatch.StartNew();
        await RunAsync(minimum);
        var jit = JitInfo.GetCompilationTime();
        while (watch.Elapsed < MaxWarmUp)
        {
            await RunAsync(TimeSpan.FromSeconds(1));
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

    public async Task<LoadPhase> RunAsync(TimeSpan duration)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, _concurrency).Select(worker => Task.Run(async () =>
        {
            var milliseconds = new List<double>(capacity: 100_000);
            var failures = 0;
            var random = new Random(worker);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await _client.GetAsync(_paths[random.Next(_paths.Count)], HttpCompletionOption.ResponseContentRead);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode)
                    milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else
                    failures++;
            }
            return (milliseconds, failures);
        })).ToList();
        var done = await Task.WhenAll(workers);
        return new LoadPhase(done.SelectMany(w => w.milliseconds).ToArray(), done.Sum(w => w.failures), duration.TotalSeconds);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public void Dispose() => _client.Dispose();
}
