using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Chaos;

/// <summary>
/// Counts what a run delivered against what it should have, from what the SMTP server and the CRM received and
/// what the database holds. A duplicate is two messages for one step (two idempotency keys); the same message
/// received twice (its key and Message-ID) is a resend, counted apart.
/// </summary>
public static partial class ChaosChecks
{
    public static async Task<ChaosReport> CountAsync(
        ChaosDatabase database, TestSmtpServer smtp, TestWebhookReceiver crm, ChaosRun run, TimeSpan drain, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var leadIds = run.Leads.ToDictionary(l => l.Value, l => l.Key);
        var received = smtp.Received.Select(e => (Email: e, Key: e.Message.Headers[OutboxMessage.KeyHeader] ?? "")).ToList();
        var resent = received.Count - received.Select(r => (r.Key, r.Email.Message.MessageId)).Distinct().Count();

        // Marketing: one email per step of the journey, per lead that may receive email.
        var steps = received.Select(r => (r.Email, Step: MarketingStep().Match(r.Key))).Where(r => r.Step.Success)
            .GroupBy(r => (Lead: r.Step.Groups["lead"].Value, Node: r.Step.Groups["node"].Value))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Email.Message.Headers[OutboxMessage.KeyHeader]).Distinct().Count());
        await using var db = database.Context();
        // Leads whose email the SMTP server refused with a 5xx: hard bounces, rightly suppressed, their later steps cancelled.
        var refused = (await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Failed && m.LeadId != null && m.LastError != null && m.LastError.StartsWith("5"))
            .Select(m => m.LeadId!.Value).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var mailable = run.Leads.Where(l => !ChaosRun.IsSuppressed(l.Key) && !refused.Contains(l.Value)).Select(l => l.Value.ToString("N")).ToList();
        string[] journeySteps = ["welcome", "follow-up"];
        var marketingMissing = mailable.Sum(lead => journeySteps.Count(step => !steps.ContainsKey((lead, step))));
        var marketingDuplicates = steps.Values.Sum(keys => keys - 1);
        var suppressedAddresses = run.Leads.Keys.Where(ChaosRun.IsSuppressed).Select(ChaosRun.EmailOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var toSuppressed = received.Count(r => suppressedAddresses.Contains(r.Email.To));

        var handoffs = await db.Handoffs.AsNoTracking().Select(h => new { h.Id, h.LeadId }).ToListAsync(cancellationToken);
        var leadOfHandoff = handoffs.ToDictionary(h => h.Id.ToString("N"), h => h.LeadId);
        // The rep's first notice of each handoff (the handoff template, SLA step Assigned); reminders are off in a run.
        var repNotices = received.Where(r => r.Email.To.Equals(ChaosRun.RepEmail, StringComparison.OrdinalIgnoreCase))
            .Select(r => HandoffKey().Match(r.Key)).Where(m => m.Success && leadOfHandoff.ContainsKey(m.Groups["handoff"].Value))
            .GroupBy(m => leadOfHandoff[m.Groups["handoff"].Value]).ToDictionary(g => g.Key, g => g.Select(m => m.Value).Distinct().Count());
        var expectedHandoffs = run.Leads.Where(l => run.Clicked.ContainsKey(l.Key) && run.Signalled.ContainsKey(l.Key) && !refused.Contains(l.Value)).Select(l => l.Value).ToList();

        // The CRM: one webhook per handoff; the same delivery id received again is a retry, two ids are a duplicate.
        var webhooks = crm.Received.Where(w => w.Answer == System.Net.HttpStatusCode.OK)
            .Select(w => (w.DeliveryId, Handoff: JsonDocument.Parse(w.Body).RootElement.GetProperty("details").GetProperty("handoffId").GetGuid()))
            .GroupBy(w => w.Handoff).ToDictionary(g => g.Key, g => g.Select(w => w.DeliveryId).Distinct().Count());

        // API signals: each acknowledged key is one signal row, processed, with one ledger row.
        var keys = run.Signalled.Keys.Select(lead => $"chaos-download-{lead}").ToList();
        var signals = await db.Signals.AsNoTracking().Where(s => s.IdempotencyKey != null && keys.Contains(s.IdempotencyKey))
            .Select(s => new { s.Id, s.ProcessedAt }).ToListAsync(cancellationToken);
        var signalIds = signals.Select(s => s.Id).ToList();
        var ledger = await db.ScoreEntries.AsNoTracking().Where(e => e.SignalId != null && signalIds.Contains(e.SignalId.Value))
            .GroupBy(e => e.SignalId).Select(g => g.Count()).ToListAsync(cancellationToken);

        // Acknowledged clicks: each is a processed, human click of its lead.
        var clickers = run.Clicked.Keys.Select(lead => run.Leads[lead]).ToList();
        var clickedLeads = await db.Signals.AsNoTracking()
            .Where(s => s.Type == SignalTypes.Click && s.Label == SignalLabel.Human && s.ProcessedAt != null && clickers.Contains(s.LeadId))
            .Select(s => s.LeadId).Distinct().CountAsync(cancellationToken);

        var journeysCompleted = await db.JourneyInstances.AsNoTracking().CountAsync(i => i.JourneyId == "chaos" && i.ActiveKey == null && i.Status == JourneyInstanceStatus.Completed, cancellationToken);
        var emailsExpected = mailable.Count * journeySteps.Length + expectedHandoffs.Count;
        return new ChaosReport
        {
            Options = options,
            Kills = run.Kills,
            Leads = run.Leads.Count,
            Suppressed = run.Leads.Keys.Count(ChaosRun.IsSuppressed),
            RefusedBySmtp = refused.Count,
            JourneysCompleted = journeysCompleted,
            JourneysExpected = run.Leads.Count, // a suppressed lead runs the journey too; its emails are cancelled
            EmailsExpected = emailsExpected,
            EmailsDelivered = received.Select(r => r.Key).Distinct().Count(),
            EmailDuplicates = marketingDuplicates + repNotices.Values.Sum(n => n - 1),
            EmailsMissing = marketingMissing + expectedHandoffs.Count(lead => !repNotices.ContainsKey(lead)),
            ResentSameMessageId = resent,
            SignalsAcknowledged = keys.Count,
            SignalsScored = ledger.Count,
            SignalsLost = keys.Count - signals.Count(s => s.ProcessedAt != null),
            SignalsDoubleScored = ledger.Count(n => n > 1),
            ClicksAcknowledged = clickers.Count,
            ClicksLost = clickers.Count - clickedLeads,
            HandoffsExpected = expectedHandoffs.Count,
            HandoffsNotifiedOnce = expectedHandoffs.Count(lead => repNotices.GetValueOrDefault(lead) == 1),
            HandoffsNotifiedTwice = repNotices.Values.Count(n => n > 1) + handoffs.GroupBy(h => h.LeadId).Count(g => g.Count() > 1),
            HandoffsMissing = expectedHandoffs.Count(lead => !handoffs.Any(h => h.LeadId == lead)),
            WebhooksDeliveredOnce = webhooks.Values.Count(n => n == 1),
            WebhookDuplicates = webhooks.Values.Sum(n => n - 1) + handoffs.Count(h => !webhooks.ContainsKey(h.Id)),
            EmailsToSuppressed = toSuppressed,
            Drain = drain,
            Elapsed = elapsed,
        };
    }

    [GeneratedRegex("^journey:chaos@v\\d+/lead:(?<lead>[0-9a-f]{32})/entry:\\d+/node:(?<node>[^/]+)/visit:\\d+$")]
    private static partial Regex MarketingStep();

    [GeneratedRegex("^handoff:(?<handoff>[0-9a-f]{32}):handoff:.*:Assigned$")]
    private static partial Regex HandoffKey();
}
