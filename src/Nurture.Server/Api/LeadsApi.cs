using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Processing;
using Nurture.Core.Scoring;
using Nurture.Server.Accounts;

namespace Nurture.Server.Api;

public static class LeadsApi
{
    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("leads").WithTags("Leads");
        var marketing = group.MapGroup("").RequireAuthorization(Policies.Marketing);
        marketing.MapGet("", LeadSearch.SearchAsync).RequireScope(ApiScopes.LeadsRead);
        marketing.MapPost("", UpsertAsync).RequireScope(ApiScopes.LeadsWrite);
        marketing.MapGet("duplicates", DuplicatesAsync).RequireScope(ApiScopes.LeadsRead);
        marketing.MapPost("{id:guid}/merge", MergeAsync).RequireScope(ApiScopes.LeadsWrite);

        // One lead: marketers, and the rep it was handed to.
        var one = group.MapGroup("").RequireAuthorization(Policies.Leads).RequireScope(ApiScopes.LeadsRead).AddEndpointFilter<LeadAccessFilter>();
        one.MapGet("{id:guid}", GetAsync);
        one.MapGet("{id:guid}/emails", GetEmailsAsync);
        one.MapGet("{id:guid}/score", ExplainScoreAsync);
        return api;
    }

    public sealed record MergeRequest(Guid? DuplicateId, string? By);

    /// <summary>
    /// Merges <c>duplicateId</c> into this lead: both histories kept, the duplicate removed. The record names
    /// the signed-in user; only an integration may say whom it acts for (<c>by</c>).
    /// </summary>
    private static async Task<Results<Ok<MergeResult>, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest body, Duplicates duplicates, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (body.DuplicateId is not { } duplicateId || duplicateId == id)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["duplicateId"] = ["Give the id of another lead to merge into this one."] });
        return await duplicates.MergeAsync(id, duplicateId, Actors.Who(user, body.By), cancellationToken) is { } merged
            ? TypedResults.Ok(merged)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"Lead {id} or {duplicateId} does not exist.");
    }

    /// <summary>Each dimension as the sum of its rules' ledger rows, with decay and the caps that held points back.</summary>
    private static async Task<Results<Ok<ScoreExplanation>, ProblemHttpResult>> ExplainScoreAsync(
        Guid id, ScoreExplainer explainer, LeadQualification qualification, TimeProvider time, CancellationToken cancellationToken) =>
        await explainer.ExplainAsync(id, lead => qualification.Evaluate(lead, time.GetUtcNow()), cancellationToken) is { } explanation
            ? TypedResults.Ok(explanation)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"No lead has id {id}.");

    public sealed record LeadReference(Guid Id, string Email, bool Created);

    private static async Task<Results<Created<LeadReference>, Ok<LeadReference>, ValidationProblem>> UpsertAsync(
        LeadInput input, LeadService leads, CancellationToken cancellationToken)
    {
        try
        {
            var (lead, created) = await leads.UpsertAsync(input, "api", cancellationToken);
            var reference = new LeadReference(lead.Id, lead.Email, created);
            return created ? TypedResults.Created($"/api/leads/{lead.Id}", reference) : TypedResults.Ok(reference);
        }
        catch (LeadValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors, title: "The lead is invalid");
        }
    }

    /// <summary>Groups of leads that may be one person, a page at a time (<c>?page=1&amp;pageSize=50</c>, at most 200).</summary>
    private static async Task<Results<Ok<DuplicatePage>, ValidationProblem>> DuplicatesAsync(Duplicates duplicates, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > 200)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [page < 1 ? "page" : "pageSize"] = ["page is 1 or more; pageSize between 1 and 200."] });
        return TypedResults.Ok(await duplicates.FindAsync(page, pageSize, cancellationToken));
    }

    /// <summary>Timeline items per page: the latest ones, then <c>?before=</c> the <c>timelineEarlier</c> cursor for more.</summary>
    public const int TimelinePage = 100;

    /// <summary>The lead, with the latest page of its timeline (signals, emails, stage changes) before <paramref name="before"/>.</summary>
    private static async Task<Results<Ok<LeadDetails>, ProblemHttpResult>> GetAsync(
        Guid id, DateTimeOffset? before, IDbContextFactory<NurtureDbContext> databases, LeadQualification qualification, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"No lead has id {id}.");

        var (signals, earlierSignals) = await LeadTimeline.SignalsAsync(db, id, TimelinePage, cancellationToken, before);
        var ledger = await LeadTimeline.LedgerAsync(db, id, cancellationToken);
        var emails = await db.Outbox.AsNoTracking().Where(m => m.LeadId == id && (before == null || m.CreatedAt < before))
            .OrderByDescending(m => m.CreatedAt).Take(TimelinePage + 1).ToListAsync(cancellationToken);
        var stages = await db.StageTransitions.AsNoTracking().Where(t => t.LeadId == id && (before == null || t.At < before))
            .OrderByDescending(t => t.At).Take(TimelinePage + 1).ToListAsync(cancellationToken);
        var journeys = await db.JourneyInstances.AsNoTracking().Where(i => i.LeadId == id).OrderBy(i => i.StartedAt).ToListAsync(cancellationToken);

        var timeline = signals.Select(s => new TimelineItem(s.OccurredAt, "signal", s.Type)
            {
                Label = s.Label.ToString(),
                LabelReason = s.LabelReason,
                Detail = LeadTimeline.Detail(s),
                Repeats = s.Repeats,
            })
            .Concat(emails.Select(m => new TimelineItem(m.SentAt ?? m.CreatedAt, "email", m.Kind.ToString())
            {
                Detail = m.Subject,
                Status = m.Status.ToString(),
                Recipient = m.Recipient,
            }))
            .Concat(stages.Select(t => new TimelineItem(t.At, "stage", t.To.ToString()) { Detail = $"{t.From?.ToString() ?? "(new)"} → {t.To}: {t.Reason}" }))
            .OrderByDescending(t => t.At)
            .ToList();
        // More exist when any kind was cut short: the next page starts before the oldest item shown.
        var more = earlierSignals > 0 || emails.Count > TimelinePage || stages.Count > TimelinePage || timeline.Count > TimelinePage;
        timeline = timeline.Take(TimelinePage).Reverse().ToList();
        var timelineEarlier = more && timeline.Count > 0 ? timeline[0].At : (DateTimeOffset?)null;

        return TypedResults.Ok(new LeadDetails(
            lead.Id, lead.Email, lead.FirstName, lead.LastName, lead.Company, lead.JobTitle, lead.Phone, lead.Country, lead.CountryUnrecognized,
            lead.TimeZone, lead.TimeZoneSource?.ToString(), lead.Fields,
            lead.Stage.ToString(),
            qualification.ScoreCard(lead, time.GetUtcNow()),
            ledger.Select(e => new LedgerItem(e.At, e.Dimension, e.Delta, e.Reason, e.Rule, e.ModelVersion, e.SignalId)).ToList(),
            lead.UnsubscribedAt, lead.HardBouncedAt, lead.CreatedAt,
            journeys.Select(i => new JourneyState(i.JourneyId, i.Version, i.Status.ToString(), i.CurrentActivityId, i.FaultReason)).ToList(),
            timeline) { TimelineEarlier = timelineEarlier });
    }

    /// <summary>The emails queued for a lead, with their links as sent (tracked), newest last.</summary>
    private static async Task<Results<Ok<List<EmailSummary>>, ProblemHttpResult>> GetEmailsAsync(
        Guid id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Leads.AnyAsync(l => l.Id == id, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"No lead has id {id}.");
        var messages = await db.Outbox.AsNoTracking().Include(m => m.Body).Where(m => m.LeadId == id && m.Kind == MessageKind.Marketing).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var emails = new List<EmailSummary>();
        foreach (var message in messages)
        {
            using var stream = new MemoryStream(message.Body!.Mime, writable: false);
            var mime = await MimeMessage.LoadAsync(stream, cancellationToken);
            var links = HtmlLinks.Of(mime.HtmlBody).Select(l => l.Href).ToList();
            emails.Add(new EmailSummary(message.Id, message.Subject, message.TemplateName, message.JourneyId, message.Status.ToString(),
                message.CreatedAt, message.SentAt, message.MessageIdHeader, links));
        }
        return TypedResults.Ok(emails);
    }

    public sealed record EmailSummary(Guid Id, string Subject, string? Template, string? Journey, string Status,
        DateTimeOffset QueuedAt, DateTimeOffset? SentAt, string MessageId, IReadOnlyList<string> Links);

    public sealed record LeadDetails(
        Guid Id, string Email, string? FirstName, string? LastName, string? Company, string? JobTitle, string? Phone,
        string? Country, bool CountryUnrecognized, string? TimeZone, string? TimeZoneSource, IReadOnlyDictionary<string, string> Fields, string Stage,
        ScoreCard Score, IReadOnlyList<LedgerItem> Ledger, DateTimeOffset? UnsubscribedAt,
        DateTimeOffset? HardBouncedAt, DateTimeOffset CreatedAt, IReadOnlyList<JourneyState> Journeys, IReadOnlyList<TimelineItem> Timeline)
    {
        /// <summary>When the timeline goes on: ask again with <c>?before=</c> this for the page before; null when it is all there.</summary>
        public DateTimeOffset? TimelineEarlier { get; init; }
    }

    public sealed record LedgerItem(DateTimeOffset At, string Dimension, int Delta, string Reason, string Rule, int ModelVersion, Guid? SignalId);

    public sealed record JourneyState(string JourneyId, int Version, string Status, string? CurrentActivity, string? FaultReason);

    public sealed record TimelineItem(DateTimeOffset At, string Kind, string Type)
    {
        public string? Label { get; init; }
        public string? LabelReason { get; init; }
        public string? Detail { get; init; }
        public string? Status { get; init; }
        public string? Recipient { get; init; }

        /// <summary>Identical hits after this one, counted rather than recorded (a replayed link).</summary>
        public int Repeats { get; init; }
    }
}
