using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;

namespace Nurture.Core.Messaging;

/// <summary>
/// Renders a template for a chosen lead (or a sample one) for the designer's preview, and test-sends it.
/// Neither uses tracking: preview links are inert, so no one's opens, clicks or unsubscribes are recorded.
/// </summary>
public sealed class TemplatePreviewService(
    IDbContextFactory<NurtureDbContext> databases,
    TemplateStore templates,
    EmailRenderer renderer,
    ContentLibrary library,
    ContentRecommender recommender,
    ScoringModelProvider scoring,
    MessageComposer composer,
    TimeProvider time)
{
    public static Lead SampleLead(DateTimeOffset now) => new()
    {
        Id = Guid.Empty,
        Email = "ada@example.com",
        FirstName = "Ada",
        LastName = "Lovelace",
        Company = "Analytical Engines Ltd",
        JobTitle = "Head of Marketing",
        Country = "United Kingdom",
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <exception cref="KeyNotFoundException">No such template, or no such lead.</exception>
    /// <exception cref="TemplateRenderException">The template fails at render time (file:line:col).</exception>
    public Task<RenderedEmail> RenderAsync(string templateName, Guid? leadId, CancellationToken cancellationToken) =>
        RenderAsync(templates.Get(templateName), leadId, cancellationToken);

    /// <summary>Renders a template as given (an unsaved edit, checked by <see cref="TemplateStore.Check"/>).</summary>
    public async Task<RenderedEmail> RenderAsync(EmailTemplate template, Guid? leadId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = leadId is { } id
            ? await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new KeyNotFoundException($"No lead has id {id}.")
            : SampleLead(time.GetUtcNow());
        var touches = leadId is { } known ? await ContentTouches.OfLeadAsync(db, known, cancellationToken) : [];
        var mqlThreshold = scoring.Current.MqlThreshold;
        var context = new EmailContext(lead, new ModelLinks("#unsubscribe", asset => $"#asset:{asset}"))
        {
            JourneyId = "preview",
            JourneyName = "Preview",
            Step = "preview",
            Library = library.All,
            Downloaded = ContentTouches.Downloaded(touches),
            Recommended = recommender.Recommend(lead, touches, mqlThreshold),
            MqlThreshold = mqlThreshold,
        };
        return renderer.Render(template, html => EmailModelBuilder.Build(context, html));
    }

    /// <summary>Queues the rendered template to <paramref name="to"/>, subject marked [Test]; returns the outbox id.</summary>
    public async Task<Guid> TestSendAsync(string templateName, MailboxAddress to, Guid? leadId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var email = await RenderAsync(templateName, leadId, cancellationToken);
        var subject = "[Test] " + email.Subject;
        var message = composer.Compose(new ComposeRequest(to, subject, email.Html, email.Text));
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var id = Guid.CreateVersion7(now);
        db.Outbox.Add(new OutboxMessage(id, $"test:{id:N}", MessageKind.Test, to.Address, message, now) { TemplateName = templateName, AboutLeadId = leadId });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }
}
