namespace Nurture.Chaos;

/// <summary>
/// <c>dotnet run --project tests/Nurture.Chaos -c Release -- long</c> (or <c>short</c>, <c>crash-window</c>): one run, its table on
/// the console; exits 1 when a figure that must be 0 is not. Needs NURTURE_TEST_POSTGRES, as the tests do.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = args.FirstOrDefault() switch
        {
            null or "short" => ChaosOptions.Short,
            "long" => ChaosOptions.Long,
            "crash-window" => ChaosOptions.CrashWindow,
            var other => throw new ArgumentException($"Unknown run '{other}': short, long or crash-window."),
        };
        var started = DateTimeOffset.Now;
        var report = await new ChaosRun(options, line => Console.WriteLine($"[{DateTimeOffset.Now - started:mm\\:ss}] {line}")).RunAsync(CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine(report.ToTable());
        return report.Passed ? 0 : 1;
    }
}
