using Nurture.Benchmarks;

// dotnet run -c Release --project tests/Nurture.Benchmarks -- [leads] [waiting] [all|throughput|startup|nurture]
var leads = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var waiting = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var phase = args.Length > 2 ? args[2] : "all";
var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nurture-bench-" + Guid.NewGuid().ToString("N"))).FullName;
try
{
    if (phase is "all" or "throughput")
        await ThroughputAsync(leads, directory);
    if (phase == "nurture")
    {
        // Our side alone, for sizes where the baseline takes too long to wait for.
        var alone = await NurtureRun.RunAsync(leads, directory);
        Console.WriteLine($"Nurture (SQLite file, durable): {alone.Activities:N0} activities in {alone.Seconds:F1} s = {alone.Activities / alone.Seconds:N0}/s");
    }
    if (phase is "all" or "startup")
        await StartupAsync(waiting, directory);
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static async Task ThroughputAsync(int leads, string directory)
{
    Console.WriteLine($"Journey shape: a delay falling due for {leads:N0} leads at once, then tag, score and stage (4 activities each).");
    var baseline = await WorkflowCoreRun.RunAsync(leads);
    Console.WriteLine($"WorkflowCore 3.22 (in memory): {baseline.Activities:N0} activities in {baseline.Seconds:F1} s = {baseline.Activities / baseline.Seconds:N0}/s");
    var ours = await NurtureRun.RunAsync(leads, directory);
    Console.WriteLine($"Nurture (SQLite file, durable): {ours.Activities:N0} activities in {ours.Seconds:F1} s = {ours.Activities / ours.Seconds:N0}/s");
    Console.WriteLine($"Ratio: {ours.Activities / ours.Seconds / (baseline.Activities / baseline.Seconds):F2}x WorkflowCore (target >= 3x)");
}

static async Task StartupAsync(int waiting, string directory)
{
    var startup = await StartupRun.RunAsync(waiting, directory);
    Console.WriteLine($"Start-up with {waiting:N0} leads waiting: {startup.Seconds:F2} s to the first /health 200 (target < 5 s), peak memory {startup.PeakBytes / 1024.0 / 1024:N0} MiB (target < 1024)");
}
