using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Experiments;

/// <summary>
/// An email experiment through the real runtime and SMTP: each lead gets one variant, stable and journaled;
/// human clicks within the window are the conversions (a scanner's are not); the sequential test declares
/// the winner, which every later lead gets.
/// </summary>
public sealed class EmailExperimentTests
{
    // tau 0.1: this experiment expects large differences, so that 30 leads a side can settle it.
    private const string Journey = """
        { "id": "subject-test", "name": "Subject test", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [ { "id": "welcome", "type": "SendEmail", "properties": {
            "template": "welcome",
            "variants": [ { "name": "A" }, { "name": "B", "subject": "B: your guide, {{ lead.first_name }}" } ],
            "experiment": { "metric": "Click", "days": 7, "tau": 0.1 } } } ],
          "connections": [] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_lead_gets_one_variant_human_clicks_decide_and_the_winner_gets_every_later_send(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey], smtp: true);
        var host = stack.Host;

        // Leads until each variant has 30 delivered emails (the assignment is a hash of the lead's random id).
        var byVariant = new Dictionary<string, List<OutboxMessage>> { ["A"] = [], ["B"] = [] };
        for (var i = 0; byVariant.Values.Any(v => v.Count < 30); i++)
        {
            var lead = await host.CreateLeadAsync(new { email = $"lead{i}@example.com", firstName = $"Lee{i}" });
            var email = await DeliveredAsync(host, lead);
            byVariant[email.Variant!].Add(email);
        }
        Assert.All(byVariant["B"], m => Assert.StartsWith("B: your guide, Lee", m.Subject, StringComparison.Ordinal));
        Assert.All(byVariant["A"], m => Assert.StartsWith("Welcome, Lee", m.Subject, StringComparison.Ordinal));
        await using (var db = host.CreateDbContext())
        {
            // The journal names the variant each lead got, the same as its email.
            var notes = await db.Journal.Where(j => j.ActivityId == "welcome").Select(j => j.Outcome).ToListAsync();
            Assert.Equal(byVariant["A"].Count, notes.Count(n => n == "Done: variant A"));
            Assert.Equal(byVariant["B"].Count, notes.Count(n => n == "Done: variant B"));
        }

        // A scanner clicks every A email as it lands; people click half of the B emails a minute later.
        foreach (var email in byVariant["A"])
        {
            using var scan = new HttpRequestMessage(HttpMethod.Get, EmailLinks.PathOf(await ClickLinkAsync(host, email)));
            scan.Headers.Add("X-Forwarded-For", "203.0.113.7");
            await host.Client.SendAsync(scan);
        }
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var email in byVariant["B"].Take(15))
            await host.Client.GetAsync(EmailLinks.PathOf(await ClickLinkAsync(host, email)));

        var running = await ExperimentAsync(host);
        Assert.Equal("running", running.GetProperty("state").GetString()); // every email is still inside its 7 days
        Assert.All(running.GetProperty("variants").EnumerateArray(), v => Assert.Equal(0, v.GetProperty("exposures").GetInt32()));

        host.Clock.Advance(TimeSpan.FromDays(7));
        var decided = await ExperimentAsync(host);
        var variants = decided.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal((byVariant["A"].Count, 0), (variants[0].GetProperty("exposures").GetInt32(), variants[0].GetProperty("conversions").GetInt32()));
        Assert.Equal((byVariant["B"].Count, 15), (variants[1].GetProperty("exposures").GetInt32(), variants[1].GetProperty("conversions").GetInt32()));
        Assert.True(variants[1].GetProperty("versusControl").GetProperty("significant").GetBoolean());
        Assert.Equal(("winner", "B"), (decided.GetProperty("state").GetString(), decided.GetProperty("winner").GetString()));

        // From now on every lead gets the winner, and the journal says why.
        for (var i = 0; i < 4; i++)
        {
            var lead = await host.CreateLeadAsync(new { email = $"late{i}@example.com", firstName = "Late" });
            Assert.Equal("B", (await DeliveredAsync(host, lead)).Variant);
            await using var db = host.CreateDbContext();
            var instance = await db.JourneyInstances.SingleAsync(x => x.LeadId == lead);
            Assert.Equal("Done: variant B (winner)", await db.Journal.Where(j => j.InstanceId == instance.Id && j.ActivityId == "welcome").Select(j => j.Outcome).SingleAsync());
        }
    }

    private static async Task<OutboxMessage> DeliveredAsync(NurtureTestHost host, Guid lead)
    {
        OutboxMessage? email = null;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            email = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.LeadId == lead && m.Status == OutboxStatus.Sent);
            return email is not null;
        }, "the lead's email is delivered");
        return email!;
    }

    private static async Task<string> ClickLinkAsync(NurtureTestHost host, OutboxMessage email)
    {
        await using var db = host.CreateDbContext();
        var body = await db.Outbox.AsNoTracking().Where(m => m.Id == email.Id).Select(m => m.Body!.Mime).SingleAsync();
        return EmailLinks.Hrefs(MimeMessage.Load(new MemoryStream(body)).HtmlBody!).First(h => h.Contains("/t/c/", StringComparison.Ordinal));
    }

    private static async Task<JsonElement> ExperimentAsync(NurtureTestHost host) =>
        (await host.Client.GetFromJsonAsync<JsonElement>("/api/reports/experiments")).EnumerateArray().Single(e => e.GetProperty("key").GetString() == "subject-test/welcome");
}
