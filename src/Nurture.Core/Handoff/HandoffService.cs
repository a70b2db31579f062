using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Telemetry;
using Nurture.Core.Webhooks;
using Nurture.Core.Work;
using Scriban.Runtime;

namespace Nurture.Core.Handoff;

/// <summary>
/// The moment a lead qualifies, in the same transaction as the signal that qualified it: stage → MQL,
/// a handoff row, and the rep's notification in the outbox (profile, score explanation, timeline).
/// </summary>
public sealed class HandoffService(
    LeadQualification qualification,
    Router router,
    TemplateStore templates,
    EmailRenderer renderer,
    MessageComposer composer,
    TrackingUrls urls,
    IOptions<SalesOptions> options,
    TimeProvider time)
{
    /// <summary>The latest signals a rep's notification lists; it says how many came before.</summary>
    public const int SignalsInEmail = 50;

    /// <summary>Hands the lead off when it meets the MQL rule and may go (see <see cref="LeadQualification"/>).</summary>
    public async Task<SalesHandoff?> HandOffIfQualifiedAsync(LeadWork work, string reason, CancellationToken cancellationToken)
    {
        var status = qualification.Evaluate(work.Lead, time.GetUtcNow());
        if (!status.HandOff)
            return null;
        return await HandOffAsync(work, "scoring", $"{reason} (MQL rule: {status.Rule}; cell {status.Cell})", cancellationToken);
    }

    /// <summary>Makes a nurtured lead an MQL and notifies the rep; does nothing for a lead already with sales.</summary>
    public async Task<SalesHandoff?> HandOffAsync(LeadWork work, string by, string reason, CancellationToken cancellationToken)
    {
        var (db, lead) = (work.Db, work.Lead);
        if (!LeadStages.Nurturing.Contains(lead.Stage))
            return null;
        using var span = NurtureTracing.Start("hand off");
        var now = time.GetUtcNow();
        work.MoveTo(LeadStage.Mql, by, reason, now);
        var assignment = await router.AssignAsync(db, lead, now, cancellationToken);
        span?.SetTag("nurture.lead.id", lead.Id).SetTag("nurture.handoff.by", by).SetTag("nurture.handoff.rep", assignment.RepEmail);
        var handoff = new SalesHandoff(Guid.CreateVersion7(now), lead.Id, assignment.RepEmail, assignment.SlaMinutes, now)
        {
            Team = assignment.Team,
            Rule = assignment.Rule,
            Reason = Columns.Fit(reason, SalesHandoff.ReasonLength),
            ScoreAtHandoff = lead.EngagementScore,
        };
        db.Handoffs.Add(handoff);
        Record(db, handoff, "assigned", assignment.RepEmail, assignment.Why, now);
        handoff.NotificationId = await QueueNotificationAsync(db, lead, handoff, options.Value.HandoffTemplate, handoff.RepEmail, now, cancellationToken);
        if (options.Value.CrmWebhookUrl is { Length: > 0 } crm)
        {
            WebhookQueue.Enqueue(db, WebhookSource.Handoff, $"handoff:{handoff.Id:N}", crm, "lead.handoff", lead, new
            {
                handoffId = handoff.Id,
                rep = handoff.RepEmail,
                team = handoff.Team,
                rule = handoff.Rule,
                reason = handoff.Reason,
                dueAt = handoff.DueAt,
                scores = new { quality = lead.QualityScore, fit = lead.FitScore, reliability = lead.ReliabilityScore, engagement = lead.EngagementScore },
            }, now);
        }
        return handoff;
    }

    /// <summary>The SLA's ladder: a reminder to the same rep, a reassignment (the full notification again), an escalation.</summary>
    public Task<Guid> NotifyAsync(NurtureDbContext db, Lead lead, SalesHandoff handoff, string template, string recipient, CancellationToken cancellationToken) =>
        QueueNotificationAsync(db, lead, handoff, template, recipient, time.GetUtcNow(), cancellationToken);

    public static void Record(NurtureDbContext db, SalesHandoff handoff, string kind, string? rep, string detail, DateTimeOffset now) =>
        db.HandoffEvents.Add(new HandoffEvent
        {
            Id = Guid.CreateVersion7(now),
            HandoffId = handoff.Id,
            Kind = kind,
            Rep = rep,
            Detail = Columns.Fit(detail, HandoffEvent.DetailLength),
            At = now,
        });

    private async Task<Guid> QueueNotificationAsync(NurtureDbContext db, Lead lead, SalesHandoff handoff, string templateName, string recipient, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var template = templates.Get(templateName);
        var card = qualification.ScoreCard(lead, now);
        var (signals, earlierSignals) = await LeadTimeline.SignalsAsync(db, lead.Id, SignalsInEmail, cancellationToken);
        var ledger = await LeadTimeline.LedgerAsync(db, lead.Id, cancellationToken);
        var emails = await db.Outbox.AsNoTracking()
            .Where(m => m.LeadId == lead.Id && m.Kind == MessageKind.Marketing && m.Status == OutboxStatus.Sent)
            .Select(m => new { m.Subject, m.SentAt }).ToListAsync(cancellationToken);

        ScriptObject Model(bool html)
        {
            string E(string? value) => html ? System.Net.WebUtility.HtmlEncode(value ?? "") : value ?? "";
            var timeline = new ScriptArray();
            foreach (var signal in signals)
            {
                timeline.Add(new ScriptObject
                {
                    ["type"] = signal.Type,
                    ["repeats"] = signal.Repeats,
                    ["label"] = signal.Label.ToString(),
                    ["human"] = signal.Label == Signals.SignalLabel.Human,
                    ["detail"] = E(LeadTimeline.Detail(signal)),
                    ["at"] = signal.OccurredAt.ToString("yyyy-MM-dd HH:mm 'UTC'"),
                });
            }
            var sent = new ScriptArray();
            foreach (var email in emails.OrderBy(e => e.SentAt))
                sent.Add(new ScriptObject { ["subject"] = E(email.Subject), ["at"] = email.SentAt?.ToString("yyyy-MM-dd HH:mm 'UTC'") ?? "" });
            var contributions = new ScriptArray();
            foreach (var entry in ledger)
                contributions.Add(new ScriptObject { ["delta"] = entry.Delta, ["reason"] = E(entry.Reason), ["rule"] = entry.Rule, ["dimension"] = entry.Dimension });
            return new ScriptObject
            {
                ["lead"] = EmailModelBuilder.LeadObject(lead, html),
                ["scores"] = new ScriptObject
                {
                    ["quality"] = card.Quality, ["fit"] = card.Fit, ["reliability"] = card.Reliability, ["engagement"] = card.Engagement,
                    ["cell"] = card.Mql.Cell,
                },
                ["mql_rule"] = E(card.Mql.Rule),
                ["rep"] = E(handoff.RepEmail),
                ["due_at"] = handoff.DueAt?.ToString("yyyy-MM-dd HH:mm 'UTC'") ?? "",
                ["sla_minutes"] = handoff.SlaMinutes,
                ["accept_url"] = urls.HandoffAccept(handoff.Id, lead.Id, handoff.RepEmail, now),
                ["reject_url"] = urls.HandoffReject(handoff.Id, lead.Id, handoff.RepEmail, now),
                ["reason"] = E(handoff.Reason),
                ["signals"] = timeline,
                ["signals_earlier"] = earlierSignals,
                ["emails"] = sent,
                ["ledger"] = contributions,
            };
        }

        var email = renderer.Render(template, Model);
        var subject = email.Subject;
        var message = composer.Compose(new ComposeRequest(MailboxAddress.Parse(recipient), subject, email.Html, email.Text));

        var id = Guid.CreateVersion7(now);
        db.Outbox.Add(new OutboxMessage(id, $"{OutboxMessage.HandoffKeyPrefix}{handoff.Id:N}:{templateName}:{recipient}:{handoff.SlaStep}", MessageKind.Internal, recipient, message, now)
        {
            LeadId = lead.Id,
            TemplateName = template.Name,
        });
        return id;
    }
}
