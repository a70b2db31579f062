using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Work;

namespace Nurture.Benchmarks;

/// <summary>
/// Email throughput, one SMTP connection on each side, to the same local server. Ours: for each lead, the
/// journey's SendEmail step (Scriban render in the layout, CSS inlining, link rewriting with signed tokens,
/// MIME with unsubscribe headers, DKIM signature, durable outbox row), then the outbox dispatcher sending
/// with a VERP return path. Baseline: bare MailKit sending messages built before the clock starts.
/// </summary>
public static class EmailRun
{
    private const string Journey = """
        { "id": "bench-email", "name": "Email benchmark", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "wait", "type": "Delay", "properties": { "duration": "P1D" } },
            { "id": "send", "type": "SendEmail", "properties": { "template": "welcome" } } ],
          "connections": [ { "from": "wait", "to": "send" } ] }
        """;

    /// <summary>Emails per untimed warm-up round.</summary>
    private const int WarmUpRound = 500;

    /// <summary>
    /// NURTURE_SMTP_PORT: the port of an MTA on 127.0.0.1 for both sides to send to (postfix-relay.sh sets up a
    /// Postfix that queues each message on disk, then discards it), instead of the in-process server that only counts.
    /// </summary>
    private static int? RelayPort => Environment.GetEnvironmentVariable("NURTURE_SMTP_PORT") switch
    {
        null or "" => null,
        var text when int.TryParse(text, out var port) && port is > 0 and < 65536 => port,
        var text => throw new InvalidOperationException($"NURTURE_SMTP_PORT must be a TCP port (got '{text}')."),
    };

    /// <summary>
    /// NURTURE_SINK_COMMIT_MS: milliseconds the in-process server takes to accept each message, as an MTA that
    /// writes it to disk first (0 by default: a server that only counts).
    /// </summary>
    private static TimeSpan SinkCommitDelay => Environment.GetEnvironmentVariable("NURTURE_SINK_COMMIT_MS") switch
    {
        null or "" => TimeSpan.Zero,
        var text when double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms >= 0 => TimeSpan.FromMilliseconds(ms),
        var text => throw new InvalidOperationException($"NURTURE_SINK_COMMIT_MS must be a number of milliseconds (got '{text}')."),
    };

    /// <summary>NURTURE_SEND_ONLY: our side's clock starts once the sweep has queued every email, so it times the dispatcher alone.</summary>
    private static bool SendOnly => Environment.GetEnvironmentVariable("NURTURE_SEND_ONLY") is { Length: > 0 };

    /// <param name="emails">How many are timed on each side, after the warm-up rounds.</param>
    public static async Task<(double Ours, double Baseline)> RunAsync(int emails, string directory)
    {
        var relayPort = RelayPort;
        var commitDelay = SinkCommitDelay;
        await using var sink = relayPort is null ? new SinkSmtpServer(commitDelay) : null;
        var port = relayPort ?? sink!.Port;
        Console.WriteLine(sink is null ? $"  (both sides send to the MTA on 127.0.0.1:{port})"
            : commitDelay == TimeSpan.Zero ? "  (both sides send to an in-process SMTP server that counts and stores nothing)"
            : $"  (both sides send to an in-process SMTP server that takes {commitDelay.TotalMilliseconds:0.#} ms to accept each message, as an MTA writing it to disk)");
        var (baseline, baselineSent) = await BaselineAsync(emails, port, directory);
        var (ours, oursSent) = await OursAsync(emails, port, directory);
        // Each side already checked that every message was accepted (250) by the server; the sink also counts.
        if (sink is not null && sink.Received != baselineSent + oursSent)
            throw new InvalidOperationException($"The SMTP server received {sink.Received} messages, expected {baselineSent + oursSent}.");
        return (ours, baseline);
    }

    /// <summary>
    /// Untimed rounds until the JIT has settled: tiered compilation recompiles hot methods in the background
    /// for several seconds, and while it does it takes a core from what is measured (a profile of a run
    /// warmed by a fixed 1,000 emails showed it on 40 % of the samples for the first third of the window).
    /// </summary>
    /// <returns>How many emails the rounds sent.</returns>
    private static async Task<int> WarmUpAsync(string side, Func<int, Task> round)
    {
        const int MaxRounds = 10;
        var sent = 0;
        for (var i = 1; i <= MaxRounds; i++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await round(sent);
            sent += WarmUpRound;
            await Task.Delay(500); // lets the background compiler finish the methods this round made hot
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
            if (Environment.GetEnvironmentVariable("NURTURE_VERBOSE") is not null)
                Console.WriteLine($"    {side} warm-up round {i}: {compiled} methods compiled");
            if (compiled < 50 || i == MaxRounds)
            {
                Console.WriteLine($"  ({side}: warm after {i} rounds of {WarmUpRound}; the last compiled {compiled} methods)");
                return sent;
            }
        }
        return sent;
    }

    private static async Task<(double PerSecond, int Sent)> BaselineAsync(int emails, int smtpPort, string directory)
    {
        // Messages of the same size as ours (the welcome email rendered once), built before timing.
        await using var services = Configure(directory, smtpPort, "baseline.db");
        await NurtureRun.PrepareAsync(services, directory);
        var templates = services.GetRequiredService<TemplateStore>();
        var sample = new EmailContext(new Lead { Email = "sample@example.com", FirstName = "Sam" },
            new ModelLinks("https://mail.example.org/u/x", asset => "https://mail.example.org/t/d/" + asset))
        {
            Library = services.GetRequiredService<ContentLibrary>().All,
        };
        var rendered = services.GetRequiredService<EmailRenderer>().Render(templates.Get("welcome"), html => EmailModelBuilder.Build(sample, html));
        MimeMessage Message(int i)
        {
            var body = new BodyBuilder { HtmlBody = rendered.Html, TextBody = rendered.Text };
            var message = new MimeMessage([MailboxAddress.Parse("hello@nurture.localhost")], [MailboxAddress.Parse($"lead{i}@example.com")], rendered.Subject, body.ToMessageBody());
            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("nurture.localhost");
            return message;
        }

        using var client = new SmtpClient();
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", smtpPort);
        await client.ConnectAsync(socket, "127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None);
        var warmUp = await WarmUpAsync("bare MailKit", async from =>
        {
            foreach (var message in Enumerable.Range(from, WarmUpRound).Select(Message).ToList())
                await client.SendAsync(message);
        });
        var messages = Enumerable.Range(warmUp, emails).Select(Message).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var message in messages)
            await client.SendAsync(message);
        var seconds = watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(quit: true);
        return (emails / seconds, warmUp + emails);
    }

    private static async Task<(double PerSecond, int Sent)> OursAsync(int emails, int smtpPort, string directory)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = Configure(directory, smtpPort, "email.db", clock);
        await NurtureRun.PrepareAsync(services, directory);
        var catalog = services.GetRequiredService<JourneyCatalog>();
        var workflows = Directory.CreateDirectory(Path.Combine(directory, "email-workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "email.json"), Journey);
        await catalog.LoadDirectoryAsync(workflows, CancellationToken.None);
        var journey = catalog.Find("bench-email") ?? throw new InvalidOperationException(string.Join("; ", catalog.LoadErrors));
        // Untimed: rounds that warm the code up, as on the baseline's side. Then the leads wait on a delay;
        // timed: the delay falls due for all of them, the timer sweep runs the SendEmail step (in batches,
        // one commit each), and the dispatcher sends.
        var warmUp = await WarmUpAsync("Nurture", async from =>
        {
            await QueueAsync(services, journey, clock, from, WarmUpRound);
            await SweepAndSendAsync(services, WarmUpRound);
        });
        await QueueAsync(services, journey, clock, from: warmUp, count: emails);
        var (seconds, fired, queued, sentWhileQueueing) = await SweepAndSendAsync(services, emails);
        Console.WriteLine($"  (the sweep queued {fired:N0} emails in {queued:F1} s, {sentWhileQueueing:N0} of them sent by then; the last was sent {seconds:F1} s after the start)");
        await using var check = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync();
        var delivered = await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent);
        if (delivered != warmUp + emails)
            throw new InvalidOperationException($"Expected {warmUp + emails} emails marked sent, {delivered} are.");
        return (emails / seconds, warmUp + emails);
    }

    /// <summary>Leads waiting on the journey's one-day delay; the clock then moves a day on so all fall due.</summary>
    private static async Task QueueAsync(ServiceProvider services, LoadedJourney journey, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, int from, int count)
    {
        var databases = services.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        var runner = services.GetRequiredService<JourneyRunner>();
        for (var start = from; start < from + count; start += 500)
        {
            await using var db = await databases.CreateDbContextAsync();
            for (var i = start; i < Math.Min(from + count, start + 500); i++)
            {
                var lead = new Lead { Id = Guid.CreateVersion7(clock.GetUtcNow()), Email = $"lead{i}@example.com", FirstName = "Sam", CreatedAt = clock.GetUtcNow() };
                db.Leads.Add(lead);
                await runner.StartAsync(new LeadWork(db, lead), journey, leadActionAt: null, CancellationToken.None);
            }
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromDays(1));
    }

    /// <returns>Seconds until the last was sent, how many the sweep fired, when it had queued them all, and how many were sent by then.</returns>
    private static async Task<(double Seconds, int Fired, double Queued, int SentWhileQueueing)> SweepAndSendAsync(ServiceProvider services, int emails)
    {
        // As in the server: the delivery worker sends what each committed batch queued while the timer sweep
        // renders the next one (the two share the machine's two cores).
        int alreadySent;
        await using (var db = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync())
            alreadySent = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent); // by the warm-up rounds
        var watch = Stopwatch.StartNew();
        var queued = 0.0;
        var sentWhileQueueing = 0;
        var sweep = Task.Run(async () =>
        {
            var count = await services.GetRequiredService<TimerSweeper>().SweepAsync(CancellationToken.None);
            queued = watch.Elapsed.TotalSeconds;
            await using var db = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync();
            sentWhileQueueing = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent) - alreadySent;
            return count;
        });
        if (SendOnly)
        {
            await sweep;
            watch.Restart();
        }
        await using var transport = new SmtpMailTransport(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.Smtp);
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        var sent = 0;
        while (true)
        {
            var sweepDone = sweep.IsCompleted; // read before the pass, so the last pass sees all that was queued
            var handled = await dispatcher.DispatchDueAsync(transport, CancellationToken.None);
            sent += handled;
            if (sweepDone)
                break;
            if (handled == 0)
                await Task.Delay(2);
        }
        var fired = await sweep;
        var seconds = watch.Elapsed.TotalSeconds;
        if (sent != emails || fired != emails)
            throw new InvalidOperationException($"Expected {emails} emails, the sweep fired {fired} and the dispatcher sent {sent}.");
        return (seconds, fired, queued, sentWhileQueueing);
    }

    internal static ServiceProvider Configure(string directory, int smtpPort, string file, TimeProvider? clock = null)
    {
        var keyFile = Path.Combine(directory, "dkim.pem");
        if (!File.Exists(keyFile))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(keyFile, rsa.ExportRSAPrivateKeyPem());
        }
        var services = NurtureRun.Services(directory, clock ?? TimeProvider.System, file, extra => extra.Configure<TrackingOptions>(o =>
        {
            o.SigningKey = "benchmark-signing-key-0123456789-abcdefghij";
            o.PublicBaseUrl = "https://mail.example.org";
        }).Configure<EmailOptions>(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = smtpPort;
            o.Smtp.Security = "None";
            o.Dkim.Domain = "nurture.localhost";
            o.Dkim.Selector = "bench";
            o.Dkim.PrivateKeyFile = keyFile;
            o.MaxMarketingPerWeek = 0;
            o.SendingHours.Start = null;
            o.SendingHours.End = null;
        }));
        var assets = services.GetRequiredService<AssetStore>();
        assets.Load(Path.Combine(Repository.Root, "assets"));
        services.GetRequiredService<ContentLibrary>().Use(assets.Names, new Dictionary<string, AssetMetadata>());
        return services;
    }
}
