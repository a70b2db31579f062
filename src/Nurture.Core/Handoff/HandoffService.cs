using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Scriban.Runtime;

namespace Nurture.Core.Handoff;

/// <summary>
/// The moment a lead qualifies, in the same transaction as the signal that qualified it: stage → MQL,
/// a handoff row, and the rep's notification in the outbox (profile, score explanation, timeline).
/// </summary>
public sealed class HandoffService(
    ScoringModelProvider models,
    TemplateStore templates,
    EmailRenderer renderer,
    MessageComposer composer,
    IOptions<SalesOptions> options,
    TimeProvider time)
{
    private static readonly LeadStage[] NurturingStages = [LeadStage.Subscriber, LeadStage.Lead, LeadStage.Recycled];

    public async Task<SalesHandoff?> HandOffIfQualifiedAsync(LeadWork work, string reason, CancellationToken cancellationToken)
    {
        var model = models.Current;
        if (!model.IsMql(work.Lead))
            return null;
        return await HandOffAsync(work, "scoring", $"{reason} (MQL rule: {model.MqlRule})", cancellationToken);
    }

    /// <summary>Makes a nurtured lead an MQL and notifies the rep; does nothing for a lead already with sales.</summary>
    public async Task<SalesHandoff?> HandOffAsync(LeadWork work, string by, string reason, CancellationToken cancellationToken)
    {
        var (db, lead) = (work.Db, work.Lead);
        if (!NurturingStages.Contains(lead.Stage))
            return null;
        var threshold = models.Current.MqlThreshold;
        var now = time.GetUtcNow();
        work.MoveTo(LeadStage.Mql, by, reason, now);
        var handoff = new SalesHandoff
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            RepEmail = options.Value.DefaultRepEmail,
            Reason = reason,
            ScoreAtHandoff = lead.EngagementScore,
            CreatedAt = now,
        };
        db.Handoffs.Add(handoff);
        handoff.NotificationId = await QueueNotificationAsync(db, lead, handoff, threshold, now, cancellationToken);
        return handoff;
    }

    private async Task<Guid> QueueNotificationAsync(NurtureDbContext db, Lead lead, SalesHandoff handoff, int threshold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var template = templates.Get(options.Value.HandoffTemplate);
        var signals = await LeadTimeline.SignalsAsync(db, lead.Id, cancellationToken);
        var ledger = await LeadTimeline.LedgerAsync(db, lead.Id, cancellationToken);

        ScriptObject Model(bool html)
        {
            string E(string? value) => html ? System.Net.WebUtility.HtmlEncode(value ?? "") : value ?? "";
            var timeline = new ScriptArray();
            foreach (var signal in signals)
            {
                timeline.Add(new ScriptObject
                {
                    ["type"] = signal.Type,
                    ["label"] = signal.Label.ToString(),
                    ["human"] = signal.Label == Signals.SignalLabel.Human,
                    ["detail"] = E(LeadTimeline.Detail(signal)),
                    ["at"] = signal.OccurredAt.ToString("yyyy-MM-dd HH:mm 'UTC'"),
                });
            }
            var contributions = new ScriptArray();
            foreach (var entry in ledger)
                contributions.Add(new ScriptObject { ["delta"] = entry.Delta, ["reason"] = E(entry.Reason), ["rule"] = entry.Rule, ["dimension"] = entry.Dimension });
            return new ScriptObject
            {
                ["lead"] = EmailModelBuilder.LeadObject(lead, html),
                ["score"] = lead.EngagementScore,
                ["threshold"] = threshold,
                ["scores"] = new ScriptObject
                {
                    ["quality"] = lead.QualityScore, ["fit"] = lead.FitScore, ["reliability"] = lead.ReliabilityScore, ["engagement"] = lead.EngagementScore,
                },
                ["mql_rule"] = E(models.Current.MqlRule),
                ["reason"] = E(handoff.Reason),
                ["signals"] = timeline,
                ["ledger"] = contributions,
            };
        }

        var email = renderer.Render(template, Model);
        var subject = email.Subject;
        var message = composer.Compose(new ComposeRequest(MailboxAddress.Parse(handoff.RepEmail), subject, email.Html, email.Text));

        var id = Guid.CreateVersion7(now);
        db.Outbox.Add(new OutboxMessage
        {
            Id = id,
            IdempotencyKey = $"handoff:{handoff.Id:N}",
            Kind = MessageKind.Internal,
            LeadId = lead.Id,
            Recipient = handoff.RepEmail,
            Subject = subject,
            TemplateName = template.Name,
            MessageIdHeader = message.MessageId!,
            Mime = MessageComposer.ToBytes(message),
            CreatedAt = now,
            NextAttemptAt = now,
        });
        return id;
    }
}
