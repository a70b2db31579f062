using Microsoft.EntityFrameworkCore;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Experiments;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// The lead's email context → the message (<see cref="IMarketingMessages"/>) → outbox row, inside the journey step's
/// transaction. A step retried after a crash finds its idempotency key taken and queues nothing.
/// </summary>
public sealed class MarketingEmailQueue(
    TemplateStore templates,
    IMarketingMessages messages,
    TrackingUrls urls,
    ContentLibrary library,
    ContentRecommender recommender,
    ScoringModelProvider scoring,
    VariantTemplates variants,
    Microsoft.Extensions.Options.IOptions<EmailOptions> options)
{
    /// <param name="variant">The experiment's variant the lead gets: its template, subject or preheader, recorded on the outbox row.</param>
    public Task EnqueueAsync(ActivityContext context, string templateName, CancellationToken cancellationToken, VariantChoice? variant = null) =>
        EnqueueAsync(context, templateName, touches: null, recommended: null, variant, cancellationToken);

    /// <summary>Queues the template with the lead's next best content, read once for the choice and the email.</summary>
    /// <returns>False when the library has nothing left for the lead: nothing is queued.</returns>
    public async Task<bool> EnqueueBestContentAsync(ActivityContext context, string templateName, CancellationToken cancellationToken)
    {
        var touches = await TouchesAsync(context, cancellationToken);
        var recommended = recommender.Recommend(context.Lead, touches, scoring.Current.MqlThreshold);
        if (recommended.Count == 0)
            return false;
        await EnqueueAsync(context, templateName, touches, recommended, variant: null, cancellationToken);
        return true;
    }

    private async Task<IReadOnlyList<ContentTouch>> TouchesAsync(ActivityContext context, CancellationToken cancellationToken) =>
        context.Work.Journeys.Reads?.Touches(context.Lead.Id) ?? await ContentTouches.OfLeadAsync(context.Db, context.Lead.Id, cancellationToken);

    /// <param name="touches">The lead's touches when already read; read here otherwise (once the email is known to be new).</param>
    private async Task EnqueueAsync(ActivityContext context, string templateName, IReadOnlyList<ContentTouch>? touches,
        IReadOnlyList<Recommendation>? recommended, VariantChoice? variant, CancellationToken cancellationToken)
    {
        var key = await context.IdempotencyKeyAsync(cancellationToken);
        if (context.Work.Journeys.Reads?.OutboxKeyTaken(context.Lead.Id, key) ?? await context.Db.Outbox.AnyAsync(m => m.IdempotencyKey == key, cancellationToken))
            return;

        var lead = context.Lead;
        var now = context.Now;
        var messageId = Guid.CreateVersion7(now);
        var template = variant is null ? templates.Get(templateName) : variants.Apply(templates.Get(variant.Variant.Template ?? templateName), variant.Variant);
        touches ??= await TouchesAsync(context, cancellationToken);
        var mqlThreshold = scoring.Current.MqlThreshold;
        var emailContext = new EmailContext(lead, new ModelLinks(
            urls.Unsubscribe(messageId, lead.Id, now),
            asset => urls.Download(messageId, lead.Id, asset, now)))
        {
            JourneyId = context.Journey.Id,
            JourneyName = context.Journey.Definition.Name,
            Step = context.Node.Id,
            Library = library.All,
            Downloaded = ContentTouches.Downloaded(touches),
            Recommended = recommended ?? recommender.Recommend(lead, touches, mqlThreshold),
            MqlThreshold = mqlThreshold,
        };
        var message = messages.Build(template, emailContext, messageId, now);

        context.Db.Outbox.Add(new OutboxMessage(messageId, key, MessageKind.Marketing, lead.Email, message, now)
        {
            LeadId = lead.Id,
            TemplateName = template.Name,
            JourneyId = context.Journey.Id,
            ExperimentKey = variant?.ExperimentKey,
            Variant = variant?.Variant.Name,
            Priority = context.Journey.Definition.Settings.Priority,
            Topic = template.Topic,
            IsResponse = options.Value.ResponseWindow > TimeSpan.Zero && context.LeadActionAt is { } actedAt && now - actedAt <= options.Value.ResponseWindow,
        });
    }
}
