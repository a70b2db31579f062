using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server;

namespace Nurture.Benchmarks;

public sealed record SpeedToLead(int Handoffs, double P50Ms, double P99Ms, double MaxMs, double BackgroundPerSecond, int BackgroundFailed);

/// <summary>
/// Speed to lead through the real server (SQLite file) and a local SMTP server: a human click over HTTP that
/// takes a lead over the MQL threshold, timed until the rep's notification is accepted by the SMTP server,
/// while other leads send a steady background of signals.
/// </summary>
public static class SpeedToLeadRun
{
    private const string ApiKey = "benchmark-key-0123456789";
    private const string Rep = "rep@sales.bench";
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

    public static async Task<SpeedToLead> RunAsync(string directory, int handoffs, int backgroundPerSecond)
    {
        var home = PrepareHome(Path.Combine(directory, "speed"));
        await using var smtp = new SinkSmtpServer();
        var arrived = new ConcurrentDictionary<string, long>();
        smtp.OnMessage = (recipients, raw) =>
        {
            if (!recipients.Contains(Rep))
                return;
            var at = Stopwatch.GetTimestamp();
            using var stream = new MemoryStream(raw.ToArray());
            arrived.TryAdd((MimeMessage.Load(stream).Subject ?? "").Split(",")[0], at); // "New MQL: Target 12, quality 4"
        };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = Server(home, smtp.Port, clock);
        await server.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { BaseAddress = TrackingRun.AddressOf(server) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);

        var targets = await CreateLeadsAsync(client, "target", handoffs);
        var background = await CreateLeadsAsync(client, "background", 200);
        var clicks = await ClickPathsAsync(server, targets, clock);
        clock.Advance(TimeSpan.FromMinutes(5)); // past the scanner window: these are people

        using var stopBackground = new CancellationTokenSource();
        var load = Task.Run(() => BackgroundAsync(client, background, backgroundPerSecond, stopBackground.Token));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the background is running before the first click

        var latencies = new ConcurrentBag<double>();
        var measured = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, handoffs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancellationToken) =>
        {
            var subject = $"New MQL: Target {i}";
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(clicks[i], cancellationToken);
            if ((int)response.StatusCode != 302)
                throw new InvalidOperationException($"The click of target {i} answered {(int)response.StatusCode}.");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            long at;
            while (!arrived.TryGetValue(subject, out at))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"No notification for target {i} within 60 s: {await DiagnoseAsync(server, targets[i])}");
                await Task.Delay(1, cancellationToken);
            }
            latencies.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
        });
        var seconds = measured.Elapsed.TotalSeconds;
        await stopBackground.CancelAsync();
        var (sent, failed) = await load;
        await TrackingRun.ReportScoringBacklogAsync(server);

        var sorted = latencies.Order().ToArray();
        return new SpeedToLead(sorted.Length, LoadGenerator.Percentile(sorted, 0.50), LoadGenerator.Percentile(sorted, 0.99), sorted[^1], sent / (seconds + 2), failed);
    }

    /// <summary>Templates and assets of the repository, one journey (the welcome email), a model where one click makes an MQL.</summary>
    private static string PrepareHome(string home)
    {
        foreach (var folder in new[] { "templates", "assets" })
            CopyDirectory(Path.Combine(Repository.Root, folder), Path.Combine(home, folder));
        Directory.CreateDirectory(Path.Combine(home, "workflows", "scoring"));
        File.WriteAllText(Path.Combine(home, "workflows", "welcome.json"), """
            { "id": "welcome", "name": "Welcome", "triggers": [ { "type": "LeadCreated" } ],
              "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "welcome" } } ] }
            """);
        File.WriteAllText(Path.Combine(home, "workflows", "scoring", "model.json"), """
            { "version": 1, "mqlThreshold": 15, "engagement": [ { "signal": "click", "points": 20 }, { "signal": "visit", "points": 1, "maxPerDay": 5 } ] }
            """);
        return home;
    }

    private static WebApplication Server(string home, int smtpPort, TimeProvider clock)
    {
        var data = Directory.CreateDirectory(Path.Combine(home, "data")).FullName;
        return NurtureServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Nurture:Home"] = home,
                ["Nurture:DataDirectory"] = data,
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Nurture"] = $"Data Source={Path.Combine(data, "speed.db")};Pooling=True",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
                ["Email:Workers"] = "2",
                ["Email:MaxMarketingPerWeek"] = "0",
                ["Email:SendingHours:Start"] = "",
                ["Email:SendingHours:End"] = "",
                ["Sales:DefaultRepEmail"] = Rep,
                ["Api:Keys:0"] = ApiKey,
                ["Tracking:SigningKey"] = "benchmark-signing-key-0123456789-abcdefghij",
                ["Journeys:SweepInterval"] = "00:00:00",
                ["Signals:Workers"] = Environment.GetEnvironmentVariable("NURTURE_SIGNAL_WORKERS") ?? "2",
                ["Database:SqliteSynchronous"] = Environment.GetEnvironmentVariable("NURTURE_SYNCHRONOUS"), // unset: the server's default
                ["Database:SqliteWalAutocheckpoint"] = Environment.GetEnvironmentVariable("NURTURE_WAL_AUTOCHECKPOINT"), // unset: the server's default
            });
            builder.Services.AddSingleton(clock);
            builder.Logging.ClearProviders();
        });
    }

    private static async Task<List<Guid>> CreateLeadsAsync(HttpClient client, string kind, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var name = char.ToUpperInvariant(kind[0]) + kind[1..];
            var response = await client.PostAsJsonAsync("/api/leads", new { email = $"{kind}{i}@example.com", firstName = name, lastName = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return ids;
    }

    /// <summary>Waits for every welcome email to be sent, then signs one click link per target lead's email.</summary>
    private static async Task<List<string>> ClickPathsAsync(WebApplication server, List<Guid> targets, TimeProvider clock)
    {
        var databases = server.Services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        Dictionary<Guid, Guid> messages;
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync();
            messages = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent && m.LeadId != null)
                .ToDictionaryAsync(m => m.LeadId!.Value, m => m.Id);
            if (targets.All(messages.ContainsKey))
                break;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The welcome emails were not all sent within 5 minutes.");
            await Task.Delay(200);
        }
        var urls = server.Services.GetRequiredService<TrackingUrls>();
        return targets.Select(id => new Uri(urls.Click(messages[id], id, "https://example.com/pricing", clock.GetUtcNow())).PathAndQuery).ToList();
    }

    /// <summary>
    /// A steady rate of visit signals from other leads: every 20 ms it sends what the rate asks for the time
    /// elapsed so far, so ticks missed on a busy machine are made up, not dropped.
    /// </summary>
    private static async Task<(int Sent, int Failed)> BackgroundAsync(HttpClient client, List<Guid> leads, int perSecond, CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, started = 0;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var random = new Random(1);
        var inFlight = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (int)(clock.Elapsed.TotalSeconds * perSecond) - started;
                for (var i = 0; i < due; i++, started++)
                {
                    var lead = leads[random.Next(leads.Count)];
                    inFlight.Add(Task.Run(async () =>
                    {
                        using var response = await client.PostAsJsonAsync("/api/signals",
                            new { type = "visit", leadId = lead, properties = new { page = "/pricing" } }, CancellationToken.None);
                        if (response.IsSuccessStatusCode)
                            Interlocked.Increment(ref sent);
                        else
                            Interlocked.Increment(ref failed);
                    }, CancellationToken.None));
                }
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped at the end of the measurement
        }
        await Task.WhenAll(inFlight);
        return (sent, failed);
    }

    private static async Task<string> DiagnoseAsync(WebApplication server, Guid leadId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync();
        var signals = await db.Signals.AsNoTracking().Where(s => s.LeadId == leadId).Select(s => $"{s.Type}/{s.Label}/{s.LabelReason}/processed={s.ProcessedAt != null}").ToListAsync();
        var mails = await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId).Select(m => $"{m.Kind}/{m.Recipient}/{m.Status}/{m.LastError}").ToListAsync();
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId);
        return $"stage {lead.Stage}, engagement {lead.EngagementScore}; signals [{string.Join("; ", signals)}]; emails [{string.Join("; ", mails)}]";
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var directory in Directory.EnumerateDirectories(from))
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
