using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Nurture.Core.Content;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;

namespace Nurture.Benchmarks;

/// <summary>
/// Where an email's CPU goes, stage by stage, on one thread, warm: the render (Scriban, CSS inlining,
/// preheader, text part, link tracking, written out once), the MIME message with its DKIM signature, the
/// bytes the outbox stores, and the parse the dispatcher does before sending. Time and bytes allocated per
/// email; the garbage those bytes become is paid for later, on every core.
/// </summary>
public static class EmailStagesRun
{
    public static async Task RunAsync(int emails, string directory)
    {
        await using var services = EmailRun.Configure(directory, smtpPort: 25, "stages.db");
        await NurtureRun.PrepareAsync(services, directory);
        var template = services.GetRequiredService<TemplateStore>().Get("welcome");
        var renderer = services.GetRequiredService<EmailRenderer>();
        var links = services.GetRequiredService<LinkTracker>();
        var urls = services.GetRequiredService<TrackingUrls>();
        var composer = services.GetRequiredService<MessageComposer>();
        var library = services.GetRequiredService<ContentLibrary>().All;
        var now = DateTimeOffset.UtcNow;

        var stages = new[] { "render, track links", "MIME and DKIM", "outbox bytes", "dispatcher's parse" };
        var ticks = new long[stages.Length];
        var bytes = new long[stages.Length];
        for (var round = 0; round < 2; round++) // the first round warms up and is not reported
        {
            Array.Clear(ticks);
            Array.Clear(bytes);
            for (var i = 0; i < emails; i++)
            {
                var lead = new Lead { Id = Guid.CreateVersion7(now), Email = $"lead{i}@example.com", FirstName = "Sam", CreatedAt = now };
                var messageId = Guid.CreateVersion7(now);
                var context = new EmailContext(lead, new ModelLinks(urls.Unsubscribe(messageId, lead.Id, now), asset => urls.Download(messageId, lead.Id, asset, now)))
                {
                    Library = library,
                };
                var email = Measure(0, () => renderer.Render(template, html => EmailModelBuilder.Build(context, html),
                    document => links.Track(document, messageId, lead.Id, now, trackOpens: true)));
                var message = Measure(1, () => composer.Compose(new ComposeRequest(new MailboxAddress(lead.DisplayName, lead.Email), email.Subject, email.Html,
                    links.RewriteText(email.Text, messageId, lead.Id, now)) { UnsubscribeUrl = context.Links.Unsubscribe, FeedbackCampaign = "welcome:bench" }));
                var stored = Measure(2, () => MessageComposer.ToBytes(message));
                Measure(3, () => MimeMessage.Load(new MemoryStream(stored, writable: false)));
            }
        }
        Console.WriteLine($"Email stages, {emails:N0} welcome emails on one thread (warm), per email:");
        for (var s = 0; s < stages.Length; s++)
            Console.WriteLine($"  {stages[s],-22} {ticks[s] * 1e6 / Stopwatch.Frequency / emails,8:F0} µs {bytes[s] / 1024.0 / emails,8:F0} KB allocated");
        Console.WriteLine($"  {"total",-22} {ticks.Sum() * 1e6 / Stopwatch.Frequency / emails,8:F0} µs {bytes.Sum() / 1024.0 / emails,8:F0} KB allocated");

        T Measure<T>(int stage, Func<T> work)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            var result = work();
            ticks[stage] += Stopwatch.GetTimestamp() - start;
            bytes[stage] += GC.GetAllocatedBytesForCurrentThread() - allocated;
            return result;
        }
    }
}
