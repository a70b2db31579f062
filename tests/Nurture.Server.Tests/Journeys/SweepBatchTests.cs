using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Journeys;

/// <summary>
/// The timer sweep fires many leads in one unit of work and reads what their steps need for all of them at
/// once (visits of a step, outbox keys taken, assets downloaded): each lead must still get its own answer.
/// </summary>
public sealed class SweepBatchTests
{
    // A loop: every day the same email step runs again, so its second run is visit 2 with a key of its own.
    private const string Loop = """
        { "id": "daily", "name": "Daily", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "begin", "type": "AddTag", "properties": { "tag": "daily" } },
            { "id": "wait", "type": "Delay", "properties": { "duration": "P1D" } },
            { "id": "send", "type": "SendEmail", "properties": { "template": "follow-up" } } ],
          "connections": [ { "from": "begin", "to": "wait" }, { "from": "wait", "to": "send" }, { "from": "send", "to": "wait" } ] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Leads_fired_in_one_batch_keep_their_own_visits_and_download_history(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Loop], smtp: false,
            configure: o => o.WithSetting("Email:MaxMarketingPerWeek", "0"));
        var host = stack.Host;
        var reader = await host.CreateLeadAsync(new { email = "reader@example.com", firstName = "Rae" });
        var others = new[] { await host.CreateLeadAsync(new { email = "other1@example.com" }), await host.CreateLeadAsync(new { email = "other2@example.com" }) };
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "download", leadId = reader, properties = new { asset = "whitepaper-lead-nurturing.pdf" } }));

        var sweeper = host.Service<TimerSweeper>();
        for (var day = 1; day <= 2; day++)
        {
            host.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(3, await sweeper.SweepAsync(CancellationToken.None)); // the three leads, in one batch
        }

        await using var db = host.CreateDbContext();
        foreach (var lead in others.Prepend(reader))
        {
            var emails = await db.Outbox.AsNoTracking().Include(m => m.Body).Where(m => m.LeadId == lead && m.Kind == MessageKind.Marketing).ToListAsync();
            Assert.Equal(["visit:1", "visit:2"], emails.Select(m => m.IdempotencyKey[(m.IdempotencyKey.LastIndexOf('/') + 1)..]).Order());
            foreach (var email in emails)
            {
                // The reader downloaded the white paper (+10: considering): the scoring video on its topic is next, never the
                // white paper again; the others, new, get the awareness post. Each lead's own history, in one batch.
                var html = MimeMessage.Load(new MemoryStream(email.Body!.Mime)).HtmlBody ?? "";
                var next = html[html.IndexOf("Next read:", StringComparison.Ordinal)..];
                Assert.EndsWith(lead == reader ? ">Lead scoring in five minutes" : ">Why leads go cold in the first hour", next[..next.IndexOf("</a>", StringComparison.Ordinal)]);
                Assert.DoesNotContain("The lead nurturing white paper", html, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_sweep_workers_fire_every_due_timer_once_across_many_batches(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Loop], smtp: false, configure: o => o
            .WithSetting("Email:MaxMarketingPerWeek", "0")
            .WithSetting("Journeys:SweepBatchSize", "2")
            .WithSetting("Journeys:SweepWorkers", "2"));
        var host = stack.Host;
        var leads = new List<Guid>();
        for (var i = 0; i < 9; i++)
            leads.Add(await host.CreateLeadAsync(new { email = $"batch{i}@example.com" }));

        var sweeper = host.Service<TimerSweeper>();
        for (var day = 1; day <= 2; day++)
        {
            host.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(9, await sweeper.SweepAsync(CancellationToken.None)); // five batches of two, shared by two loops
        }

        await using var db = host.CreateDbContext();
        var keys = await db.Outbox.AsNoTracking().Where(m => m.Kind == MessageKind.Marketing).Select(m => new { m.LeadId, m.IdempotencyKey }).ToListAsync();
        foreach (var lead in leads)
            Assert.Equal(["visit:1", "visit:2"], keys.Where(k => k.LeadId == lead).Select(k => k.IdempotencyKey[(k.IdempotencyKey.LastIndexOf('/') + 1)..]).Order());
        Assert.Equal(18, keys.Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Claims_taken_at_once_never_share_a_wait_and_PostgreSql_uses_its_own_statement(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Loop], smtp: false);
        var host = stack.Host;
        for (var i = 0; i < 12; i++)
            await host.CreateLeadAsync(new { email = $"claim{i}@example.com" });
        host.Clock.Advance(TimeSpan.FromDays(1));
        var claims = host.Service<IDueWaitClaims>();
        Assert.Equal(provider == "PostgreSql" ? "PostgreSqlDueWaitClaims" : nameof(DueWaitClaims), claims.GetType().Name);

        async Task<List<Guid>> ClaimFiveAsync()
        {
            await using var db = host.CreateDbContext();
            return await claims.ClaimAsync(db, host.Clock.GetUtcNow(), 5, TimeSpan.FromMinutes(2), Core.Data.LeaseClaims.NewOwner(), CancellationToken.None);
        }
        var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ClaimFiveAsync)));

        var all = taken.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct().Count()); // no wait held twice
        Assert.True(all.Count >= 5, $"claimed {all.Count}"); // at least one claimer took a full batch
        Assert.Empty((await ClaimFiveAsync()).Intersect(all)); // held under a lease: not claimable again
    }
}
