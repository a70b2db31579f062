using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Tracking;
using Scriban.Runtime;

namespace Nurture.Core.Messaging;

/// <summary>
/// Render → rewrite links and add the pixel → build MIME → outbox row, inside the journey step's
/// transaction. A step retried after a crash finds its idempotency key taken and queues nothing.
/// </summary>
public sealed class MarketingEmailQueue(
    TemplateStore templates,
    TemplateRenderer renderer,
    LinkTracker links,
    TrackingUrls urls,
    AssetStore assets,
    MessageComposer composer,
    ILogger<MarketingEmailQueue> logger)
{
    /// <summary>Gmail clips messages whose HTML passes about 102 KB.</summary>
    public const int GmailClipBytes = 102 * 1024;

    public async Task EnqueueAsync(ActivityContext context, string templateName, CancellationToken cancellationToken)
    {
        var key = await context.IdempotencyKeyAsync(cancellationToken);
        if (await context.Db.Outbox.AnyAsync(m => m.IdempotencyKey == key, cancellationToken))
            return;

        var lead = context.Lead;
        var now = context.Now;
        var messageId = Guid.CreateVersion7(now);
        var template = templates.Get(templateName);
        var unsubscribeUrl = urls.Unsubscribe(messageId, lead.Id, now);

        ScriptObject Model(bool html)
        {
            var model = new ScriptObject
            {
                ["lead"] = EmailModelBuilder.LeadObject(lead, html),
                ["unsubscribe_url"] = unsubscribeUrl,
                ["journey"] = new ScriptObject { ["id"] = context.Journey.Id, ["name"] = context.Journey.Definition.Name },
            };
            model.Import("asset_url", new Func<string, string>(asset => assets.Exists(asset)
                ? urls.Download(messageId, lead.Id, asset, now)
                : throw new ArgumentException($"asset '{asset}' does not exist in assets/")));
            return model;
        }

        var subject = renderer.Render(template.Subject, Model(html: false), template.File).Trim();
        var warnings = new List<string>();
        var html = CssInliner.Inline(renderer.Render(template.Html, Model(html: true), template.File), warnings);
        if (System.Text.Encoding.UTF8.GetByteCount(html) > GmailClipBytes)
            warnings.Add($"the HTML is over {GmailClipBytes / 1024} KB: Gmail clips it and hides the rest (unsubscribe link included)");
        foreach (var warning in warnings)
            logger.LogWarning("Template {Template} for lead {LeadId}: {Warning}", template.Name, lead.Id, warning);
        var text = template.Text is { } textTemplate
            ? renderer.Render(textTemplate, Model(html: false), template.File)
            : new HtmlParser().ParseDocument(html).Body?.TextContent.Trim() ?? "";

        var message = composer.Compose(new ComposeRequest(
            new MailboxAddress(lead.DisplayName, lead.Email),
            subject,
            links.RewriteHtml(html, messageId, lead.Id, now, trackOpens: true),
            links.RewriteText(text, messageId, lead.Id, now))
        {
            UnsubscribeUrl = unsubscribeUrl,
            FeedbackCampaign = $"{template.Name}:{context.Journey.Id}",
        });

        context.Db.Outbox.Add(new OutboxMessage
        {
            Id = messageId,
            IdempotencyKey = key,
            Kind = MessageKind.Marketing,
            LeadId = lead.Id,
            Recipient = lead.Email,
            Subject = subject,
            TemplateName = template.Name,
            JourneyId = context.Journey.Id,
            MessageIdHeader = message.MessageId!,
            Mime = MessageComposer.ToBytes(message),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
