using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Processing;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Signals;

/// <summary>
/// Signals processed in batches (many leads per unit of work, a lead's signals in order across rounds)
/// leave every lead exactly as processing them one at a time does: scores, caps, resumed waits, handoffs.
/// </summary>
public sealed class BatchProcessingTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_batch_of_many_leads_ends_where_one_signal_at_a_time_ends(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var batched = new List<Guid>();
        var alone = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            batched.Add(await host.CreateLeadAsync(new { email = $"batch{i}@example.com" }));
            alone.Add(await host.CreateLeadAsync(new { email = $"alone{i}@example.com" }));
        }
        // Per lead: two opens (the first scores 0, once), then four clicks: the first resumes the welcome
        // journey's wait for a click, the third takes the lead over the threshold (5 points each, MQL at 15).
        var batchSignals = await StoreSignalsAsync(host, batched);
        var aloneSignals = await StoreSignalsAsync(host, alone);

        var processor = host.Service<SignalProcessor>();
        // Shuffled: the processor must restore each lead's order itself.
        await processor.ProcessBatchAsync(batchSignals.OrderBy(id => id.GetHashCode()).ToList(), CancellationToken.None);
        foreach (var id in aloneSignals)
            await processor.ProcessAsync(id, CancellationToken.None);

        await using var db = host.CreateDbContext();
        var all = batchSignals.Concat(aloneSignals).ToList();
        Assert.Equal(0, await db.Signals.CountAsync(s => all.Contains(s.Id) && s.ProcessedAt == null));
        var reference = await OutcomeAsync(db, alone[0]);
        Assert.Equal(20, reference.Engagement);
        Assert.Equal(1, reference.Handoffs);
        Assert.Contains("follow-up", reference.Emails);
        foreach (var leadId in batched.Concat(alone))
            Assert.Equal(reference, await OutcomeAsync(db, leadId));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_first_time_only_rule_scores_once_per_lead_across_rounds_and_batches(string provider)
    {
        // A batch reads every lead's earned first-time rules in one query: what it read must hold in later
        // rounds (the lead's second and third open) and in the next batch, as one signal at a time would.
        using var models = new TempDirectory();
        var model = Path.Combine(models.Path, "model.json");
        await File.WriteAllTextAsync(model, """{ "version": 1, "mqlThreshold": 100, "engagement": [ { "signal": "open", "points": 2, "firstTimeOnly": true } ] }""");
        await using var stack = await TestStack.StartAsync(provider, smtp: false, o => o.WithSetting("Scoring:ModelFile", model));
        var host = stack.Host;
        var leads = new List<Guid>();
        for (var i = 0; i < 4; i++)
            leads.Add(await host.CreateLeadAsync(new { email = $"reader{i}@example.com" }));
        var processor = host.Service<SignalProcessor>();

        var first = await StoreSignalsAsync(host, leads, [SignalTypes.Open, SignalTypes.Open, SignalTypes.Open]);
        await processor.ProcessBatchAsync(first.OrderBy(id => id.GetHashCode()).ToList(), CancellationToken.None);
        var later = await StoreSignalsAsync(host, leads, [SignalTypes.Open]);
        await processor.ProcessBatchAsync(later, CancellationToken.None);

        await using var db = host.CreateDbContext();
        foreach (var lead in leads)
        {
            Assert.Equal(2, (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead)).EngagementScore);
            Assert.Equal([2], await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == lead && e.Dimension == "engagement").Select(e => e.Delta).ToListAsync());
        }
        Assert.Equal(0, await db.Signals.CountAsync(s => s.ProcessedAt == null));
    }

    private static async Task<List<Guid>> StoreSignalsAsync(NurtureTestHost host, List<Guid> leads, string[]? types = null)
    {
        var now = host.Clock.GetUtcNow();
        types ??= [SignalTypes.Open, SignalTypes.Open, SignalTypes.Click, SignalTypes.Click, SignalTypes.Click, SignalTypes.Click];
        var signals = leads.SelectMany(lead => types.Select((type, n) => new Signal
        {
            Id = Guid.NewGuid(),
            LeadId = lead,
            Type = type,
            PropertiesJson = type == SignalTypes.Click ? "{\"url\":\"https://example.com/guide\"}" : null,
            Source = "test",
            OccurredAt = now.AddSeconds(n),
            ReceivedAt = now.AddSeconds(n),
        })).ToList();
        // Written straight to the table: not queued, so only this test processes them.
        await using var db = host.CreateDbContext();
        db.Signals.AddRange(signals);
        await db.SaveChangesAsync();
        return signals.ConvertAll(s => s.Id);
    }

    private sealed record Outcome(int Engagement, string Entries, string Instances, string Emails, int Handoffs);

    private static async Task<Outcome> OutcomeAsync(Nurture.Core.Data.NurtureDbContext db, Guid leadId)
    {
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId);
        var entries = await db.ScoreEntries.AsNoTracking().Where(e => e.LeadId == leadId && e.Dimension == "engagement").OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync();
        var instances = await db.JourneyInstances.AsNoTracking().Where(i => i.LeadId == leadId).OrderBy(i => i.JourneyId).ToListAsync();
        var emails = await db.Outbox.AsNoTracking().Where(m => m.LeadId == leadId).Select(m => m.TemplateName ?? "").ToListAsync();
        return new Outcome(
            lead.EngagementScore,
            string.Join(", ", entries.Select(e => $"{e.Rule}:{e.Delta}")),
            string.Join(", ", instances.Select(i => $"{i.JourneyId}:{i.Status}:{i.CurrentActivityId}")),
            string.Join(", ", emails.Order(StringComparer.Ordinal)),
            await db.Handoffs.CountAsync(h => h.LeadId == leadId));
    }
}
