using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Tracking;

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

    public static async Task<(double Ours, double Baseline)> RunAsync(int emails, string directory)
    {
        await using var smtp = new SinkSmtpServer();
        var baseline = await BaselineAsync(emails, smtp, directory);
        var ours = await OursAsync(emails, smtp, directory);
        if (smtp.Received != 2 * emails)
            throw new InvalidOperationException($"The SMTP server received {smtp.Received} messages, expected {2 * emails}.");
        return (ours, baseline);
    }

    private static async Task<double> BaselineAsync(int emails, SinkSmtpServer smtp, string directory)
    {
        // Messages of the same size as ours (the welcome email rendered once), built before timing.
        await using var services = Configure(directory, smtp.Port, "baseline.db");
        await NurtureRun.PrepareAsync(services, directory);
        var templates = services.GetRequiredService<TemplateStore>();
        var sample = new EmailContext(new Lead { Email = "sample@example.com", FirstName = "Sam" },
            new ModelLinks("https://mail.example.org/u/x", asset => "https://mail.example.org/t/d/" + asset))
        {
            Assets = services.GetRequiredService<AssetStore>().Names.ToList(),
        };
        var rendered = services.GetRequiredService<EmailRenderer>().Render(templates.Get("welcome"), html => EmailModelBuilder.Build(sample, html));
        var messages = Enumerable.Range(0, emails).Select(i =>
        {
            var body = new BodyBuilder { HtmlBody = rendered.Html, TextBody = rendered.Text };
            var message = new MimeMessage([MailboxAddress.Parse("hello@nurture.localhost")], [MailboxAddress.Parse($"lead{i}@example.com")], rendered.Subject, body.ToMessageBody());
            message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("nurture.localhost");
            return message;
        }).ToList();

        using var client = new SmtpClient();
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", smtp.Port);
        await client.ConnectAsync(socket, "127.0.0.1", smtp.Port, MailKit.Security.SecureSocketOptions.None);
        foreach (var message in messages.Take(WarmUp(emails)))
            await client.SendAsync(message);
        var watch = Stopwatch.StartNew();
        foreach (var message in messages.Skip(WarmUp(emails)))
            await client.SendAsync(message);
        var seconds = watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(quit: true);
        return (emails - WarmUp(emails)) / seconds;
    }

    private static async Task<double> OursAsync(int emails, SinkSmtpServer smtp, string directory)
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = Configure(directory, smtp.Port, "email.db", clock);
        await NurtureRun.PrepareAsync(services, directory);
        var catalog = services.GetRequiredService<JourneyCatalog>();
        var workflows = Directory.CreateDirectory(Path.Combine(directory, "email-workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workflows, "email.json"), Journey);
        await catalog.LoadDirectoryAsync(workflows, CancellationToken.None);
        var journey = catalog.Find("bench-email") ?? throw new InvalidOperationException(string.Join("; ", catalog.LoadErrors));
        // Untimed: a first round warms the code up (as the baseline sends a first share untimed). Then the
        // leads wait on a delay; timed: the delay falls due for all of them, the timer sweep runs the
        // SendEmail step (in batches, one commit each), and the dispatcher sends.
        await QueueAsync(services, journey, clock, from: 0, count: WarmUp(emails));
        await SweepAndSendAsync(services, WarmUp(emails));
        await QueueAsync(services, journey, clock, from: WarmUp(emails), count: emails - WarmUp(emails));
        var timed = emails - WarmUp(emails);
        var (seconds, fired, queued) = await SweepAndSendAsync(services, timed);
        Console.WriteLine($"  (the sweep queued {fired:N0} emails in {queued:F1} s; the last was sent {seconds:F1} s after the start)");
        await using var check = await services.GetRequiredService<IDbContextFactory<NurtureDbContext>>().CreateDbContextAsync();
        var delivered = await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent);
        if (delivered != emails)
            throw new InvalidOperationException($"Expected {emails} emails marked sent, {delivered} are.");
        return timed / seconds;
    }

    /// <summary>The untimed first share of each side, so that both are measured warm.</summary>
    private static int WarmUp(int emails) => Math.Min(1_000, emails / 5);

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
                await runner.StartAsync(new LeadWork(db, lead), journey, CancellationToken.None);
            }
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromDays(1));
    }

    /// <returns>Seconds until the last was sent, how many the sweep fired, and when it had queued them all.</returns>
    private static async Task<(double Seconds, int Fired, double Queued)> SweepAndSendAsync(ServiceProvider services, int emails)
    {
        // As in the server: the delivery worker sends what each committed batch queued while the timer sweep
        // renders the next one (the two share the machine's two cores).
        var watch = Stopwatch.StartNew();
        var queued = 0.0;
        var sweep = Task.Run(async () =>
        {
            var count = await services.GetRequiredService<TimerSweeper>().SweepAsync(CancellationToken.None);
            queued = watch.Elapsed.TotalSeconds;
            return count;
        });
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
        return (seconds, fired, queued);
    }

    private static ServiceProvider Configure(string directory, int smtpPort, string file, TimeProvider? clock = null)
    {
        var keyFile = Path.Combine(directory, "dkim.pem");
        if (!File.Exists(keyFile))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(keyFile, rsa.ExportRSAPrivateKeyPem());
        }
        var services = NurtureRun.Services(directory, clock ?? TimeProvider.System, file, extra => extra.Configure<EmailOptions>(o =>
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
        services.GetRequiredService<TokenSigner>().UseKey("benchmark-signing-key-0123456789-abcdefghij");
        services.GetRequiredService<TrackingUrls>().UseBaseUrl(new Uri("https://mail.example.org"));
        services.GetRequiredService<AssetStore>().Load(Path.Combine(Repository.Root, "assets"));
        return services;
    }
}
