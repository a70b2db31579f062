using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Processing;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;
using Nurture.Core.Work;

namespace Nurture.Core.Simulation;

/// <summary>
/// Runs one journey's next months on a scratch database with the real engine: the leads enter, then simulated
/// time jumps from one due moment to the next (on a grid of <see cref="SimulationSettings.Resolution"/>), and at
/// each the same passes a server runs fire in the same order: reps accept their handoffs, the prospects' responses
/// arrive as signals, due timers fire, and the outbox is delivered (cap, quiet hours) without a transport. Each
/// delivered email asks the response model what its lead does, and when. It keeps a run's state: one per scratch engine.
/// </summary>
public sealed class JourneySimulation(
    IDbContextFactory<NurtureDbContext> databases,
    SimulatedClock clock,
    JourneyCatalog catalog,
    JourneyRunner runner,
    LeadEvents events,
    LeadService leads,
    TimerSweeper timers,
    SimulatedDelivery delivery,
    SignalProcessor signals,
    HandoffActions handoffs,
    TokenSigner signer,
    Handoff.Routing.RoutingProvider routing)
{
    /// <summary>The source of the leads a simulation makes up, and of its journey version.</summary>
    public const string Source = "simulation";

    /// <summary>The agent of a simulated prospect's hits: a person's browser.</summary>
    public const string BrowserAgent = "Mozilla/5.0 (simulated prospect) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

    private const int EntryBatch = 500;
    private readonly PriorityQueue<DueResponse, DateTimeOffset> _responses = new();
    private readonly Dictionary<(Guid Lead, string Template), int> _sentSoFar = [];

    /// <param name="copied">Real leads to copy in, as they are; null to make up <see cref="PopulationSpec.Synthetic"/>'s.</param>
    public async Task<SimulationResult> RunAsync(JourneyDefinition definition, IReadOnlyList<Lead>? copied, SimulationSettings settings, int seed,
        IResponseModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(settings);
        var start = clock.GetUtcNow();
        var end = start + settings.Horizon;
        var observer = new SimulationObserver(start);
        var journey = await catalog.PublishAsync(definition, Source, cancellationToken);
        var leadIds = copied is null
            ? await MakeUpLeadsAsync(settings.Population.Synthetic!, seed, start, cancellationToken)
            : await CopyLeadsAsync(copied, cancellationToken);
        await EnterAsync(journey, leadIds, cancellationToken);
        await DeliverAsync(model, observer, settings.Resolution, cancellationToken);

        while (await NextDueAsync(settings, cancellationToken) is { } due)
        {
            var next = Align(due, start, settings.Resolution);
            if (next <= clock.GetUtcNow())
                next = clock.GetUtcNow() + settings.Resolution; // nothing may stall the clock
            if (next > end)
                break;
            await observer.SnapshotUntilAsync(databases, journey.Id, next, cancellationToken);
            clock.MoveTo(next);
            if (settings.RepAcceptAfter is { } after)
                await AcceptHandoffsAsync(after, cancellationToken);
            await RespondAsync(cancellationToken);
            await timers.SweepAsync(cancellationToken);
            await DeliverAsync(model, observer, settings.Resolution, cancellationToken);
        }
        await observer.SnapshotUntilAsync(databases, journey.Id, end, cancellationToken, horizon: true);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await SimulationReport.BuildAsync(db, journey, leadIds.Count, seed, start, end, observer, routing.Current, cancellationToken);
    }

    /// <summary>
    /// Made up through the real lead intake (validation, time zone, consent, fit and reliability scores, triggers),
    /// two at a time: each is its own unit of work, and its CPU share overlaps the other's commit.
    /// </summary>
    private async Task<List<Guid>> MakeUpLeadsAsync(SyntheticPopulation population, int seed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var made = Enumerable.Range(0, population.Count).Select(i => population.Lead(seed, i, now)).ToList();
        await Parallel.ForEachAsync(made, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (lead, ct) => await leads.UpsertAsync(lead.Input, Source, ct, lead.Id));
        return made.ConvertAll(l => l.Id);
    }

    private async Task<List<Guid>> CopyLeadsAsync(IReadOnlyList<Lead> copied, CancellationToken cancellationToken)
    {
        foreach (var chunk in copied.Chunk(EntryBatch))
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            db.Leads.AddRange(chunk);
            await db.SaveChangesAsync(cancellationToken);
        }
        return copied.Select(l => l.Id).ToList();
    }

    /// <summary>Every lead enters now, in batches of one unit of work each, unless its trigger already let it in.</summary>
    private async Task EnterAsync(LoadedJourney journey, List<Guid> leadIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in leadIds.Chunk(EntryBatch))
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var batch = await LeadBatch.LoadAsync(db, chunk, cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var id in chunk)
            {
                var work = batch.Work(id);
                if (work.Journeys.StoredInstances!.Any(i => i.JourneyId == journey.Id))
                    continue;
                await runner.StartAsync(work, journey, leadActionAt: null, cancellationToken);
                await events.DispatchAsync(work, cancellationToken);
                work.Lead.MarkChanged(clock.GetUtcNow());
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The earliest moment something is due: a timer, a held email, a response, a handoff to accept.</summary>
    private async Task<DateTimeOffset?> NextDueAsync(SimulationSettings settings, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var timer = await db.JourneyWaits.AsNoTracking().Where(w => w.DueAt != null).OrderBy(w => w.DueAt).Select(w => w.DueAt).FirstOrDefaultAsync(cancellationToken);
        var held = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        DateTimeOffset? accept = null;
        if (settings.RepAcceptAfter is { } after
            && await db.Handoffs.AsNoTracking().Where(h => h.Status == HandoffStatus.Assigned).OrderBy(h => h.CreatedAt)
                .Select(h => (DateTimeOffset?)h.CreatedAt).FirstOrDefaultAsync(cancellationToken) is { } oldest)
            accept = oldest + after;
        DateTimeOffset? response = _responses.TryPeek(out _, out var at) ? at : null;
        return new[] { timer, held, accept, response }.Where(t => t is not null).Min();
    }

    private static DateTimeOffset Align(DateTimeOffset at, DateTimeOffset start, TimeSpan resolution)
    {
        var steps = (long)Math.Ceiling((at - start).Ticks / (double)resolution.Ticks);
        return start + TimeSpan.FromTicks(steps * resolution.Ticks);
    }

    private async Task AcceptHandoffsAsync(TimeSpan after, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - after;
        List<(Guid Id, string Rep)> due;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.Handoffs.AsNoTracking().Where(h => h.Status == HandoffStatus.Assigned && h.CreatedAt <= before)
                .Select(h => new { h.Id, h.RepEmail }).ToListAsync(cancellationToken)).ConvertAll(h => (h.Id, h.RepEmail));
        }
        foreach (var (id, rep) in due)
            await handoffs.AcceptAsync(id, rep, cancellationToken);
    }

    /// <summary>The responses due by now arrive as the tracking endpoints would record them, then go through signal processing.</summary>
    private async Task RespondAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var arrived = new List<Signal>();
        while (_responses.TryPeek(out _, out var at) && at <= now)
        {
            var response = _responses.Dequeue();
            arrived.Add(new Signal
            {
                Id = Guid.CreateVersion7(now),
                LeadId = response.LeadId,
                Type = response.Type,
                PropertiesJson = response.Properties,
                Source = TrackingService.Source,
                MessageId = response.MessageId,
                Label = SignalLabel.Human,
                LabelReason = "a simulated prospect",
                IpAddress = response.IpAddress,
                UserAgent = BrowserAgent,
                OccurredAt = now,
                ReceivedAt = now,
            });
        }
        if (arrived.Count == 0)
            return;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            db.Signals.AddRange(arrived);
            await db.SaveChangesAsync(cancellationToken);
        }
        await signals.ProcessBatchAsync(arrived.ConvertAll(s => s.Id), cancellationToken);
    }

    /// <summary>Delivers what is due, notes what was held, and asks the response model about each marketing email delivered now.</summary>
    private async Task DeliverAsync(IResponseModel model, SimulationObserver observer, TimeSpan resolution, CancellationToken cancellationToken)
    {
        var pass = await delivery.DeliverDueAsync(cancellationToken);
        var now = clock.GetUtcNow();
        observer.NoteHolds(pass.Held, now);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        foreach (var message in pass.Sent.OrderBy(m => m.Recipient, StringComparer.Ordinal).ThenBy(m => m.Template, StringComparer.Ordinal))
        {
            var key = (message.LeadId, message.Template);
            var nth = _sentSoFar[key] = _sentSoFar.GetValueOrDefault(key) + 1;
            var responses = model.Respond(new SentEmail(message.Recipient, message.Template, nth));
            if (responses.Count == 0)
                continue;
            var links = responses.Any(r => r.SignalType != SignalTypes.Open) ? await LinksAsync(db, message.Id, now, cancellationToken) : EmailLinks.None;
            foreach (var response in responses)
            {
                string? properties = null;
                if (response.SignalType == SignalTypes.Click)
                {
                    if (links.Click is not { } url)
                        continue; // nothing in the email to click
                    properties = JsonSerializer.Serialize(new { url });
                }
                else if (response.SignalType == SignalTypes.Download)
                {
                    if (links.Download is not { } asset)
                        continue; // nothing in the email to download
                    properties = JsonSerializer.Serialize(new { asset });
                }
                var at = Align(now + response.After, now, resolution);
                _responses.Enqueue(new DueResponse(message.LeadId, message.Id, response.SignalType, properties, IpOf(message.LeadId)), at > now ? at : now + resolution);
            }
        }
    }

    /// <summary>The email's first tracked link and first download, as a prospect's click would reach them.</summary>
    private async Task<EmailLinks> LinksAsync(NurtureDbContext db, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mime = await db.OutboxBodies.AsNoTracking().Where(b => b.MessageId == messageId).Select(b => b.Mime).FirstOrDefaultAsync(cancellationToken);
        if (mime is null)
            return EmailLinks.None;
        using var stream = new MemoryStream(mime);
        var (clicks, download) = SketchedMessages.TrackedLinks((await MimeMessage.LoadAsync(stream, cancellationToken)).HtmlBody, signer, now);
        return new EmailLinks(clicks.FirstOrDefault(), download);
    }

    /// <summary>One address per prospect (TEST-NET-2), so that a lead's hits never look like a scanner's burst from many.</summary>
    private static string IpOf(Guid leadId)
    {
        var bytes = leadId.ToByteArray();
        return $"198.51.{bytes[14] % 100}.{bytes[15]}";
    }

    private sealed record DueResponse(Guid LeadId, Guid MessageId, string Type, string? Properties, string IpAddress);

    private sealed record EmailLinks(string? Click, string? Download)
    {
        public static readonly EmailLinks None = new(null, null);
    }
}
