using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;
using Nurture.Server.Data;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Chaos;

/// <summary>
/// One fault-injection run: real server processes on a fresh PostgreSQL database, a real SMTP server behind a
/// proxy that can refuse, a real HTTP listener as the CRM. Leads sign up, click, send API signals and become
/// MQLs while nodes are killed and SMTP fails; at the end every email, signal, handoff and webhook is counted.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, Action<string> log)
{
    public const string ApiKey = "chaos-api-key-0123456789";
    private const string Rep = "rep@sales.chaos.test";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly List<NodeProcess> _nodes = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(10) }) { Timeout = RequestTimeout };
    private readonly ConcurrentDictionary<int, Guid> _leads = new();
    private readonly ConcurrentDictionary<int, bool> _clicked = new();
    private readonly ConcurrentDictionary<int, bool> _signalled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReceivedEmail>> _welcomes = new(StringComparer.Ordinal);
    private int _kills;
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastFault;

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var watch = _clock;
        watch.Start();
        var root = Directory.CreateTempSubdirectory("nurture-chaos-").FullName;
        await using var database = await ChaosDatabase.CreateAsync();
        await using var smtp = new TestSmtpServer();
        smtp.Arrived += OnArrived;
        await using var smtpProxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, smtp.Port));
        using var crm = new TestWebhookReceiver();
        var settings = Settings(ChaosHome.Create(Path.Combine(root, "home"), options.ClickWait), database.ConnectionString, smtpProxy.Port, crm.Url);
        settings["Tracking__AnswerAfterCommit"] = options.AnswerAfterCommit ? "true" : "false";
        for (var i = 1; i <= options.Nodes + (options.LateNode ? 1 : 0); i++)
            _nodes.Add(new NodeProcess($"node{i}", settings, Path.Combine(root, $"node{i}")));
        try
        {
            var first = options.Nodes;
            await Task.WhenAll(_nodes.Take(first).Select(n => n.StartAsync(cancellationToken)));
            log($"{first} nodes up after {watch.Elapsed.TotalSeconds:0.0} s (data in {root})");
            await SuppressAsync(database, cancellationToken);

            using var driving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var drive = DriveAsync(cancellationToken);
            var bounces = WatchRefusalsAsync(database, drive, cancellationToken);
            var faults = InjectFaultsAsync(smtp, smtpProxy, drive, cancellationToken);
            await drive;
            await faults;
            await bounces;
            foreach (var node in _nodes.Where(n => !n.IsRunning))
                await node.StartAsync(cancellationToken);
            log($"driving done: {_leads.Count} leads, {_kills} kills; draining");
            await DrainAsync(database, cancellationToken);
            var drain = watch.Elapsed - _lastFault;
            await SettleAsync(smtp, crm, database, cancellationToken);
            var report = await ChaosChecks.CountAsync(database, smtp, crm, this, drain, watch.Elapsed, cancellationToken);
            if (!report.Passed)
            {
                database.Keep = true;
                log($"something is wrong: database {database.Name} and the nodes' logs in {root} are kept for a look");
            }
            return report;
        }
        finally
        {
            foreach (var node in _nodes)
                await node.DisposeAsync();
        }
    }

    internal ChaosOptions Options => options;
    internal IReadOnlyDictionary<int, Guid> Leads => _leads;
    internal IReadOnlyDictionary<int, bool> Clicked => _clicked;
    internal IReadOnlyDictionary<int, bool> Signalled => _signalled;
    internal int Kills => _kills;
    internal const string RepEmail = Rep;

    /// <summary>Every 10th lead's address is suppressed before it signs up: it must never get an email.</summary>
    internal static bool IsSuppressed(int lead) => lead % 10 == 9;

    /// <summary>Every other lead clicks its welcome email's link.</summary>
    internal static bool Clicks(int lead) => lead % 2 == 0;

    /// <summary>Every fourth lead also sends a download through the API: click 5 + download 10 makes it an MQL.</summary>
    internal static bool Buys(int lead) => lead % 4 == 0;

    internal static string EmailOf(int lead) => $"lead{lead}@chaos.test";

    private static Dictionary<string, string> Settings(string home, string connectionString, int smtpPort, string crmUrl) => new()
    {
        ["Nurture__Home"] = home,
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Nurture"] = connectionString,
        ["Email__Smtp__Host"] = "127.0.0.1",
        ["Email__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Smtp__Security"] = "None",
        ["Email__From"] = "Nurture <news@chaos.test>",
        ["Email__BounceAddress"] = "bounces@chaos.test",
        ["Email__MaxMarketingPerWeek"] = "0",
        // One delivery loop per node: a kill can land between the SMTP server's acceptance and the commit of at most one email.
        ["Email__Workers"] = "1",
        ["Email__SendingHours__Start"] = "",
        ["Email__SendingHours__End"] = "",
        ["Api__Keys__0"] = ApiKey,
        ["Tracking__SigningKey"] = "chaos-signing-key-that-is-long-enough-0123456789",
        ["Tracking__ScannerWindow"] = "00:00:00", // the harness clicks right after delivery, as no person would
        ["Webhooks__Secret"] = "chaos-webhook-secret-0123456789-abcdefghij",
        ["Sales__DefaultRepEmail"] = Rep,
        ["Sales__CrmWebhookUrl"] = crmUrl,
        ["Sales__SlaInterval"] = "00:00:00",
        ["Journeys__SweepInterval"] = "00:00:01",
        ["Signals__ReplayInterval"] = "00:00:03",
        ["Accounts__AdminEmail"] = "admin@chaos.test",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private async Task SuppressAsync(ChaosDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.Context();
        for (var i = 0; i < options.Leads; i++)
        {
            if (IsSuppressed(i))
                db.Set<SuppressedAddress>().Add(new SuppressedAddress { EmailHash = SuppressedAddress.Hash(EmailOf(i)), Reason = "chaos: suppressed before sign-up", At = DateTimeOffset.UtcNow });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Leads at the set rate; each clicker and buyer goes on by itself once its welcome email arrived.</summary>
    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        var followUps = new List<Task>();
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < options.Leads; i++)
        {
            var lead = i;
            var due = TimeSpan.FromSeconds((double)i / options.LeadsPerSecond);
            if (due > pace.Elapsed)
                await Task.Delay(due - pace.Elapsed, cancellationToken);
            followUps.Add(Task.Run(async () =>
            {
                var id = await SendAsync(() => JsonContent.Create(new { email = EmailOf(lead), firstName = $"Lead{lead}" }), HttpMethod.Post, "/api/leads", cancellationToken);
                _leads[lead] = id.GetProperty("id").GetGuid();
                if (Clicks(lead) && !IsSuppressed(lead))
                    await ClickAsync(lead, cancellationToken);
                if (Buys(lead) && !IsSuppressed(lead))
                {
                    await SendAsync(() => JsonContent.Create(new
                    {
                        type = "download", email = EmailOf(lead), idempotencyKey = $"chaos-download-{lead}",
                        properties = new { asset = "whitepaper-lead-nurturing.pdf" },
                    }), HttpMethod.Post, "/api/signals", cancellationToken);
                    _signalled[lead] = true;
                }
            }, cancellationToken));
        }
        await Task.WhenAll(followUps);
    }

    /// <summary>Waits for the lead's welcome email, then follows its link through any live node until a node acknowledges it.</summary>
    private TaskCompletionSource<ReceivedEmail> Welcome(string address) =>
        _welcomes.GetOrAdd(address.ToLowerInvariant(), _ => new TaskCompletionSource<ReceivedEmail>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Thousands of leads wait for their welcome email at once: each arrival completes its lead's wait.</summary>
    private void OnArrived(ReceivedEmail email)
    {
        if ((email.Message.Subject ?? "").StartsWith("Welcome", StringComparison.Ordinal))
            Welcome(email.To).TrySetResult(email);
    }

    /// <summary>
    /// A welcome the SMTP server refused with a 5xx (the test server does, rarely, on a cut connection) never
    /// arrives: its lead is a hard bounce, suppressed by the node as it should be, and its click is called off.
    /// </summary>
    private async Task WatchRefusalsAsync(ChaosDatabase database, Task drive, CancellationToken cancellationToken)
    {
        while (!drive.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(3), cancellationToken), drive);
            try
            {
                await using var db = database.Context();
                foreach (var recipient in await db.Outbox.Where(m => m.Status == OutboxStatus.Failed && m.Subject.StartsWith("Welcome"))
                             .Select(m => m.Recipient).ToListAsync(cancellationToken))
                    Welcome(recipient).TrySetCanceled();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // PostgreSQL restarting: look again next round
            }
        }
    }

    private async Task ClickAsync(int lead, CancellationToken cancellationToken)
    {
        var address = EmailOf(lead);
        ReceivedEmail welcome;
        try
        {
            welcome = await Welcome(address).Task.WaitAsync(cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return; // the SMTP server refused the welcome for good: nothing to click
        }
        var click = EmailLinks.PathOf(EmailLinks.Hrefs(welcome.Html).First(h => h.Contains("/t/c/", StringComparison.Ordinal)));
        while (true)
        {
            var node = LiveNode();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.BaseAddress, click));
                request.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36");
                request.Headers.Add("X-Forwarded-For", $"198.18.{lead / 250 % 250}.{lead % 250 + 1}");
                using var response = await _http.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode < 400)
                {
                    _clicked[lead] = true;
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Sends an API call to a live node, again (the same body, so the same idempotency key) until one answers 2xx.</summary>
    private async Task<JsonElement> SendAsync(Func<HttpContent> body, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var node = LiveNode();
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(node.BaseAddress, path)) { Content = body() };
                request.Headers.Add("X-Api-Key", ApiKey);
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                    return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                    throw new InvalidOperationException($"{method} {path} on {node.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            if (attempt > 600)
                throw new TimeoutException($"{method} {path}: no node answered in {attempt} attempts.");
            await Task.Delay(200, cancellationToken);
        }
    }

    private NodeProcess LiveNode()
    {
        var live = _nodes.Where(n => n.IsRunning).ToList();
        return live.Count == 0 ? _nodes[0] : live[Random.Shared.Next(live.Count)];
    }

    /// <summary>Kills a random node every few seconds while leads flow; the SMTP outage and the PostgreSQL restart in between.</summary>
    private async Task InjectFaultsAsync(TestSmtpServer smtp, TcpProxy smtpProxy, Task drive, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var smtpOutageDone = false;
        var postgresDone = !options.RestartPostgres;
        var lateDone = !options.LateNode;
        while (!drive.IsCompleted || _kills < options.MinKills || !smtpOutageDone)
        {
            await Task.WhenAny(Task.Delay(options.KillEvery, cancellationToken), drive.ContinueWith(_ => { }, TaskScheduler.Default));
            if (drive.IsFaulted)
                return;
            if (!lateDone && started.Elapsed > options.KillEvery * 3)
            {
                lateDone = true;
                log("a late node joins");
                await _nodes[^1].StartAsync(cancellationToken);
                _lastFault = _clock.Elapsed;
            }
            if (!smtpOutageDone && _kills >= 1)
            {
                smtpOutageDone = true;
                log($"SMTP refuses connections for {options.SmtpOutage.TotalSeconds:0} s, then answers 421");
                smtpProxy.Cut();
                await Task.Delay(options.SmtpOutage, cancellationToken);
                smtpProxy.Restore();
                smtp.ReplyToAll = "421 4.3.2 Service shutting down, try again later";
                await Task.Delay(options.SmtpOutage, cancellationToken);
                smtp.ReplyToAll = null;
                _lastFault = _clock.Elapsed;
                continue;
            }
            if (!postgresDone && _kills >= options.MinKills / 2)
            {
                postgresDone = true;
                log("PostgreSQL restarts");
                await RestartPostgresAsync(cancellationToken);
                _lastFault = _clock.Elapsed;
                continue;
            }
            var victim = _nodes.Where(n => n.IsRunning).OrderBy(_ => Random.Shared.Next()).FirstOrDefault();
            if (victim is null)
                continue;
            await victim.KillAsync();
            Interlocked.Increment(ref _kills);
            await Task.Delay(options.RestartAfter, cancellationToken);
            await victim.StartAsync(cancellationToken);
            _lastFault = _clock.Elapsed;
        }
    }

    private static async Task RestartPostgresAsync(CancellationToken cancellationToken)
    {
        var version = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).Last();
        using var restart = Process.Start(new ProcessStartInfo("pg_ctlcluster", [version!, "main", "restart"]) { RedirectStandardError = true })!;
        await restart.WaitForExitAsync(cancellationToken);
        if (restart.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctlcluster {version} main restart failed: {await restart.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    /// <summary>Waits until nothing is left to do: no email pending, no signal unprocessed, no journey running, no webhook pending.</summary>
    private static async Task DrainAsync(ChaosDatabase database, CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            await using var db = database.Context();
            var left = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Pending, cancellationToken)
                + await db.Signals.CountAsync(s => s.ProcessedAt == null && s.DeadLetteredAt == null, cancellationToken)
                + await db.JourneyInstances.CountAsync(i => i.ActiveKey != null, cancellationToken)
                + await db.Webhooks.CountAsync(w => w.Status == WebhookStatus.Pending, cancellationToken);
            if (left == 0)
                return;
            if (limit.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"The cluster did not drain within 5 minutes: {left} items of work left.");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>What a committed row says was sent or posted has been received (the SMTP server and the CRM answer before the row commits).</summary>
    private static async Task SettleAsync(TestSmtpServer smtp, TestWebhookReceiver crm, ChaosDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.Context();
        var sent = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent, cancellationToken);
        var delivered = await db.Webhooks.CountAsync(w => w.Status == WebhookStatus.Delivered, cancellationToken);
        var limit = Stopwatch.StartNew();
        while (smtp.Received.Select(e => e.Message.MessageId).Distinct().Count() < sent || crm.Received.Select(w => w.DeliveryId).Distinct().Count() < delivered)
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(30))
                return; // counted as missing below
            await Task.Delay(100, cancellationToken);
        }
    }
}
