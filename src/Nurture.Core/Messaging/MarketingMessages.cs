using Microsoft.Extensions.Logging;
using MimeKit;

namespace Nurture.Core.Messaging;

/// <summary>Makes the message a marketing email step queues: the template rendered for the lead in its context.</summary>
public interface IMarketingMessages
{
    MimeMessage Build(EmailTemplate template, EmailContext context, Guid messageId, DateTimeOffset now);
}

/// <summary>Render (links rewritten and the pixel added on the way) → build MIME, signed when DKIM is set up.</summary>
public sealed class RenderedMarketingMessages(EmailRenderer renderer, LinkTracker links, MessageComposer composer, ILogger<RenderedMarketingMessages> logger)
    : IMarketingMessages
{
    public MimeMessage Build(EmailTemplate template, EmailContext context, Guid messageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var lead = context.Lead;
        var email = renderer.Render(template, html => EmailModelBuilder.Build(context, html),
            document => links.Track(document, messageId, lead.Id, now, trackOpens: !lead.OpenTrackingOff));
        foreach (var warning in email.Warnings)
            logger.LogWarning("Template {Template} for lead {LeadId}: {Warning}", template.Name, lead.Id, warning);

        return composer.Compose(new ComposeRequest(
            new MailboxAddress(lead.DisplayName, lead.Email),
            email.Subject,
            email.Html,
            links.RewriteText(email.Text, messageId, lead.Id, now))
        {
            UnsubscribeUrl = context.Links.Unsubscribe,
            FeedbackCampaign = $"{template.Name}:{context.JourneyId}",
        });
    }
}
