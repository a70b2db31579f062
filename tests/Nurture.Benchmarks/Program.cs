using Nurture.Benchmarks;

// dotnet run -c Release --project tests/Nurture.Benchmarks -- [leads] [waiting] [all|throughput|startup|nurture|email|stages|tracking|speed|inserts|scale|simulate]
// NURTURE_AGENT (tracking: the user agent, "Mozilla/5.0" for Apple MPP opens), NURTURE_CLIENTS (tracking: concurrent clients),
// NURTURE_TRACKING=unrecorded (tracking: the same pipeline with an invalid token, which records nothing: its ceiling),
// NURTURE_POSTGRES (tracking: a connection string to an empty PostgreSQL database for our side),
// NURTURE_ROUNDS (tracking: measured phases per side, alternating, 3 by default),
// NURTURE_WARMUP (tracking: the least seconds of untimed load before each side is measured, 10 by default; it goes on until the JIT is quiet),
// NURTURE_WAL_AUTOCHECKPOINT (every phase that writes to SQLite: the checkpoint size in pages; 1000 is SQLite's own default),
// NURTURE_SYNCHRONOUS (every phase that writes to SQLite: NORMAL, the server's default, or FULL),
// NURTURE_VERBOSE (email: print each warm-up round's count of newly compiled methods; tracking: each warm-up second's JIT time),
// NURTURE_SMTP_PORT (email: send both sides to an MTA on 127.0.0.1 at this port; postfix-relay.sh sets one up on 2525),
// NURTURE_SINK_COMMIT_MS (email: milliseconds the in-process SMTP server takes to accept each message, 0 by default),
// NURTURE_SEND_ONLY (email: time our dispatcher alone, after the sweep has queued everything)
// NURTURE_TEST_POSTGRES (scale: a PostgreSQL login that may create databases; every run gets fresh ones, dropped after),
// NURTURE_HORIZON (simulate: the simulated span, P12M by default), NURTURE_JOURNEY (simulate: welcome-nurture, or year-of-nurture),
// NURTURE_SCALE_NODES (scale: the node counts to run, "1,2,3" by default), NURTURE_SCALE_BASELINE (scale: Hangfire's jobs, 10,000 by default)
var leads = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var waiting = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var phase = args.Length > 2 ? args[2] : "all";
// Each phase with a target writes its result as JSON (see PhaseResult); the exit code is 1 when one was missed.
var command = $"dotnet tests/Nurture.Benchmarks/bin/Release/net10.0/Nurture.Benchmarks.dll {string.Join(' ', args)}".TrimEnd();
var results = new List<PhaseResult>();
var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nurture-bench-" + Guid.NewGuid().ToString("N"))).FullName;
try
{
    if (phase is "all" or "throughput")
        results.Add(await ThroughputAsync(leads, directory, command));
    if (phase == "nurture")
    {
        // Our side alone, for sizes where the baseline takes too long to wait for.
        var alone = await NurtureRun.RunAsync(leads, directory);
        Console.WriteLine($"Nurture (SQLite file, durable): {alone.Activities:N0} activities in {alone.Seconds:F1} s = {alone.Activities / alone.Seconds:N0}/s");
    }
    if (phase is "all" or "startup")
        results.Add(await StartupAsync(waiting, directory, command));
    if (phase is "all" or "email")
        results.Add(await EmailAsync(Math.Min(leads, 5_000), directory, command));
    if (phase == "stages")
        await EmailStagesRun.RunAsync(Math.Min(leads, 5_000), directory);
    if (phase is "all" or "tracking")
        results.Add(await TrackingAsync(directory, command));
    if (phase == "inserts")
        await SignalInsertRun.RunAsync(directory);
    if (phase is "all" or "speed")
        results.Add(await SpeedToLeadAsync(directory, Math.Max(1_000, Math.Min(leads, 5_000)), command));
    if (phase == "scale")
        results.Add(await ScaleAsync(leads, directory, command));
    if (phase == "simulate")
        results.Add(await SimulateAsync(leads, directory, command));
}
finally
{
    Directory.Delete(directory, recursive: true);
}

foreach (var result in results)
{
    await result.WriteAsync();
    Console.WriteLine(result);
}
if (results.Count > 0)
    Console.WriteLine($"Results in {PhaseResult.Directory}");
return results.All(r => r.Met) ? 0 : 1;

static async Task<PhaseResult> ThroughputAsync(int leads, string directory, string command)
{
    Console.WriteLine($"Journey shape: a delay falling due for {leads:N0} leads at once, then tag, score and stage (4 activities each).");
    var baseline = await WorkflowCoreRun.RunAsync(leads);
    Console.WriteLine($"WorkflowCore 3.22 (in memory): {baseline.Activities:N0} activities in {baseline.Seconds:F1} s = {baseline.Activities / baseline.Seconds:N0}/s");
    var ours = await NurtureRun.RunAsync(leads, directory);
    Console.WriteLine($"Nurture (SQLite file, durable): {ours.Activities:N0} activities in {ours.Seconds:F1} s = {ours.Activities / ours.Seconds:N0}/s");
    var (oursPerSecond, baselinePerSecond) = (ours.Activities / ours.Seconds, baseline.Activities / baseline.Seconds);
    var ratio = oursPerSecond / baselinePerSecond;
    Console.WriteLine($"Ratio: {ratio:F2}x WorkflowCore (target >= 3x)");
    return new("throughput", command, new Dictionary<string, double> { ["leads"] = leads, ["activitiesPerSecond"] = oursPerSecond }, baselinePerSecond, ratio, ">= 3x WorkflowCore", ratio >= 3);
}

static async Task<PhaseResult> StartupAsync(int waiting, string directory, string command)
{
    var startup = await StartupRun.RunAsync(waiting, directory);
    var mebibytes = startup.PeakBytes / 1024.0 / 1024;
    Console.WriteLine($"Start-up with {waiting:N0} leads waiting: {startup.Seconds:F2} s to the first /health 200 (target < 5 s), peak memory {mebibytes:N0} MiB (target < 1024)");
    return new("startup", command, new Dictionary<string, double> { ["waiting"] = waiting, ["seconds"] = startup.Seconds, ["peakMiB"] = mebibytes },
        null, null, "< 5 s to the first /health 200, < 1024 MiB", startup.Seconds < 5 && mebibytes < 1024);
}

static async Task<PhaseResult> EmailAsync(int emails, string directory, string command)
{
    var (ours, baseline) = await EmailRun.RunAsync(emails, directory);
    Console.WriteLine($"Email, {emails:N0} to a local SMTP server over one connection each:");
    Console.WriteLine($"  bare MailKit, prebuilt messages: {baseline:N0} emails/s");
    Console.WriteLine($"  Nurture (render, inline CSS, rewrite links, DKIM, outbox row, send): {ours:N0} emails/s");
    Console.WriteLine($"  Ratio: {ours / baseline:F2}x (target >= 0.7x)");
    return new("email", command, new Dictionary<string, double> { ["emails"] = emails, ["emailsPerSecond"] = ours }, baseline, ours / baseline, ">= 0.7x bare MailKit", ours / baseline >= 0.7);
}

static async Task<PhaseResult> TrackingAsync(string directory, string command)
{
    var clients = int.TryParse(Environment.GetEnvironmentVariable("NURTURE_CLIENTS"), out var c) ? c : 16;
    var phase = TimeSpan.FromSeconds(10);
    var (ours, durable, baseline) = await TrackingRun.RunAsync(directory, concurrency: clients, phase);
    Console.WriteLine($"Open-pixel hits, {clients} concurrent clients, {TrackingRun.Rounds} alternating phases of {phase.TotalSeconds:F0} s per side after a warm-up of at least {TrackingRun.WarmUp.TotalSeconds:F0} s, until the JIT is quiet:");
    Console.WriteLine($"  bare Kestrel, same GIF: {baseline}");
    Console.WriteLine($"  Nurture (verify, classify, hand to the group commit), answered: {ours}");
    Console.WriteLine($"  Nurture, committed (until each phase's last answered hit's row was): {durable.PerSecond:N0} hits/s");
    var ratio = durable.PerSecond / baseline.PerSecond;
    Console.WriteLine($"  Ratio, committed: {ratio:F2}x (target >= 0.5x, p99 < 20 ms)");
    return new("tracking", command, new Dictionary<string, double> { ["clients"] = clients, ["committedPerSecond"] = durable.PerSecond, ["answeredP99Ms"] = ours.P99Ms },
        baseline.PerSecond, ratio, ">= 0.5x bare Kestrel, p99 < 20 ms", ratio >= 0.5 && ours.P99Ms < 20);
}

static async Task<PhaseResult> SpeedToLeadAsync(string directory, int handoffs, string command)
{
    var background = int.TryParse(Environment.GetEnvironmentVariable("NURTURE_BACKGROUND"), out var rate) ? rate : 500;
    var result = await SpeedToLeadRun.RunAsync(directory, handoffs, backgroundPerSecond: background);
    Console.WriteLine($"Speed to lead, {result.Handoffs:N0} handoffs (HTTP click over the threshold -> rep's email accepted by the SMTP server),");
    Console.WriteLine($"  with {result.BackgroundPerSecond:N0} background signals/s ({result.BackgroundFailed} failed):");
    Console.WriteLine($"  p50 {result.P50Ms:F0} ms, p99 {result.P99Ms:F0} ms, max {result.MaxMs:F0} ms (target p99 < 1 s)");
    return new("speed", command, new Dictionary<string, double>
    {
        ["handoffs"] = result.Handoffs, ["p50Ms"] = result.P50Ms, ["p99Ms"] = result.P99Ms, ["maxMs"] = result.MaxMs, ["backgroundPerSecond"] = result.BackgroundPerSecond,
    }, null, null, "p99 < 1 s", result.P99Ms < 1000);
}

static async Task<PhaseResult> SimulateAsync(int leads, string directory, string command)
{
    var horizon = Environment.GetEnvironmentVariable("NURTURE_HORIZON") is { Length: > 0 } h ? h : "P12M";
    var journey = Environment.GetEnvironmentVariable("NURTURE_JOURNEY") is { Length: > 0 } j ? j : "welcome-nurture";
    var (seconds, answer) = await SimulationRun.RunAsync(leads, horizon, journey, directory);
    var result = answer.GetProperty("result");
    var emails = result.GetProperty("emails").GetProperty("sent").GetInt32();
    var steps = result.GetProperty("steps").EnumerateArray().Sum(s => s.GetProperty("entered").GetInt32());
    Console.WriteLine($"Simulation of {journey}, {leads:N0} made-up leads over {horizon} (one run): {seconds:F1} s (target < 60 s), {steps:N0} steps, {emails:N0} emails, " +
        $"{result.GetProperty("mql").GetProperty("crossed").GetInt32():N0} MQLs, held by the cap {result.GetProperty("emails").GetProperty("heldByCap").GetInt32():N0}, by quiet hours {result.GetProperty("emails").GetProperty("heldByQuietHours").GetInt32():N0}");
    return new("simulate-" + journey, command, new Dictionary<string, double> { ["leads"] = leads, ["seconds"] = seconds, ["steps"] = steps, ["emails"] = emails },
        null, null, "< 60 s for 10,000 leads over 12 months", leads < 10_000 || seconds < 60);
}

static async Task<PhaseResult> ScaleAsync(int leads, string directory, string command)
{
    Console.WriteLine($"Scale: {leads:N0} leads due at once on PostgreSQL (a delay, then tag, score and stage: 4 activities each), worked off by 1, 2 and 3 server processes; the baseline, Hangfire, on the same server.");
    var nodes = Environment.GetEnvironmentVariable("NURTURE_SCALE_NODES") is { Length: > 0 } list ? list.Split(',').Select(int.Parse).ToList() : [1, 2, 3];
    var baselineLeads = int.TryParse(Environment.GetEnvironmentVariable("NURTURE_SCALE_BASELINE"), out var count) ? count : Math.Min(leads, 10_000);
    var runs = await Nurture.Benchmarks.Cluster.ScaleRun.RunAsync(leads, baselineLeads, directory, nodes);
    var one = runs[0];
    var hangfire = runs[^1];
    Console.WriteLine();
    Console.WriteLine("| side | activities/s | × one node | × Hangfire | PostgreSQL CPU per activity | WAL per activity | commits per 1,000 activities | client CPU per activity |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    foreach (var run in runs)
    {
        Console.WriteLine($"| {run.Side} | {run.PerSecond:N0} | {run.PerSecond / one.PerSecond:F2} | {run.PerSecond / hangfire.PerSecond:F1} | " +
            $"{run.Database.CpuSeconds / run.Activities * 1e6:N0} µs | {(double)run.Database.WalBytes / run.Activities:N0} B | {1000.0 * run.Database.Commits / run.Activities:F1} | {run.ClientCpuSeconds / run.Activities * 1e6:N0} µs |");
    }
    // Where one PostgreSQL stops: its CPU per activity (measured) against the cores of a server given to it alone.
    var databaseCpu = one.Database.CpuSeconds / one.Activities;
    Console.WriteLine($"Capacity: at {databaseCpu * 1e6:N0} µs of PostgreSQL CPU per activity, a database server with 8 cores kept 70 % busy carries about {8 * 0.7 / databaseCpu:N0} activities/s, " +
        $"16 cores about {16 * 0.7 / databaseCpu:N0}/s; its WAL then grows by {8 * 0.7 / databaseCpu * one.Database.WalBytes / one.Activities / 1e6:N0} MB/s and {16 * 0.7 / databaseCpu * one.Database.WalBytes / one.Activities / 1e6:N0} MB/s.");
    var twoOverOne = runs.Count > 2 ? runs[1].PerSecond / one.PerSecond : 1; // a run of one node alone has nothing to compare
    var overHangfire = one.PerSecond / hangfire.PerSecond;
    var figures = new Dictionary<string, double> { ["leads"] = leads, ["databaseMicrosecondsPerActivity"] = databaseCpu * 1e6, ["twoNodesOverOne"] = twoOverOne };
    foreach (var run in runs.Take(runs.Count - 1))
        figures[$"activitiesPerSecond{run.Nodes}Nodes"] = run.PerSecond;
    return new("scale", command, figures, hangfire.PerSecond, overHangfire, ">= 3x Hangfire with one node, 2 nodes >= 0.9x one", overHangfire >= 3 && twoOverOne >= 0.9);
}
