using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Configuration;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;
using Nurture.Server.Startup;

namespace Nurture.Server.Api;

/// <summary>Handoffs with their SLA steps, the rep's answer, and the routing (read and replace).</summary>
public static class HandoffsApi
{
    public static IEndpointRouteBuilder MapHandoffsApi(this IEndpointRouteBuilder api)
    {
        // Marketers read handoffs (what became of their leads); only sales and admins answer them.
        var handoffs = api.MapGroup("handoffs").WithTags("Handoff").RequireAuthorization(Policies.Leads).RequireScope(ApiScopes.LeadsRead);
        handoffs.MapGet("", ListAsync);
        var one = handoffs.MapGroup("{id:guid}").AddEndpointFilter(VisibleHandoffOnlyAsync);
        one.MapGet("", GetAsync);
        one.MapPost("accept", AcceptAsync).RequireAuthorization(Policies.Sales).RequireScope(ApiScopes.LeadsWrite);
        one.MapPost("reject", RejectAsync).RequireAuthorization(Policies.Sales).RequireScope(ApiScopes.LeadsWrite);
        var routing = api.MapGroup("routing").WithTags("Handoff").RequireAuthorization(Policies.Marketing).RequireScope(ApiScopes.Admin);
        // The routing as its file holds it (workflows/routing.json), described by its model.
        routing.MapGet("", (RoutingProvider provider) => TypedResults.Text(provider.Current.ToJson(), "application/json"))
            .Produces<RoutingModel>(StatusCodes.Status200OK, "application/json");
        routing.MapPut("", SaveRoutingAsync).DescribesBody<RoutingModel>();
        return api;
    }

    public sealed record Answer(string? By = null, string? Reason = null);

    /// <summary>The inbox: the server's clock, whose handoffs the user may list and answer, and the handoffs.</summary>
    public sealed record HandoffList(DateTimeOffset Now, IReadOnlyList<string> Teams, bool CanSeeAll, bool CanAnswer, IReadOnlyList<HandoffRow> Handoffs);

    public sealed record HandoffRow(
        Guid Id, Guid LeadId, string RepEmail, string Reason, int ScoreAtHandoff, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DueAt,
        string SlaStep, string? Team, string? Rule, int SlaMinutes, DateTimeOffset? AcceptedAt, DateTimeOffset? RejectedAt, string? RejectReason,
        Guid? NotificationId, string LeadEmail, string LeadName, string? Company);

    public sealed record HandoffDetail(SalesHandoff Handoff, IReadOnlyList<HandoffEvent> Events);

    public sealed record HandoffAnswered(Guid Id, bool Done);

    public sealed record RoutingSaved(bool Saved, int Rules);

    /// <summary>
    /// Handoffs, newest first, with the lead's name. <c>mine=true</c> (a rep's default): your own; <c>team</c>:
    /// that team's, for its manager, admins and marketers; otherwise all, for admins and marketers.
    /// </summary>
    private static async Task<Results<Ok<HandoffList>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? status, string? rep, string? team, bool? mine, ClaimsPrincipal user, RoutingProvider routing,
        IDbContextFactory<NurtureDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Handoffs.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            // A misspelt filter must not quietly list every handoff.
            if (!EnumNames.TryParse<HandoffStatus>(status, out var wanted))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [EnumNames.NotOne<HandoffStatus>(status, "handoff status")] });
            query = query.Where(h => h.Status == wanted);
        }
        var managed = HandoffVisibility.ManagedTeams(user, routing.Current);
        var salesOnly = LeadAccessFilter.IsSalesOnly(user);
        if (!string.IsNullOrWhiteSpace(team))
        {
            if (salesOnly && !managed.Contains(team, StringComparer.Ordinal))
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"You do not manage team '{team}'.");
            query = query.Where(h => h.Team == team);
        }
        else if (salesOnly || (mine == true && user.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName))
        {
            rep = Actors.RepEmail(user);
        }
        if (!string.IsNullOrWhiteSpace(rep))
        {
            var wantedRep = rep.Trim().ToLowerInvariant();
            query = query.Where(h => h.RepEmail.ToLower() == wantedRep);
        }
        var rows = await query
            .Join(db.Leads, h => h.LeadId, l => l.Id, (h, l) => new { Handoff = h, Lead = l })
            .OrderByDescending(r => r.Handoff.CreatedAt).Take(500)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new HandoffList(
            time.GetUtcNow(), // SLA countdowns run on the server's clock, not the browser's
            // What the inbox offers: whose handoffs this user may list, and whether they may answer them.
            salesOnly ? [.. managed] : [.. routing.Current.Teams.Select(t => t.Name)],
            !salesOnly,
            HandoffVisibility.MayAnswer(user),
            [.. rows.Select(r => new HandoffRow(
                r.Handoff.Id, r.Handoff.LeadId, r.Handoff.RepEmail, r.Handoff.Reason, r.Handoff.ScoreAtHandoff, r.Handoff.Status.ToString(),
                r.Handoff.CreatedAt, r.Handoff.DueAt, r.Handoff.SlaStep.ToString(), r.Handoff.Team, r.Handoff.Rule, r.Handoff.SlaMinutes,
                r.Handoff.AcceptedAt, r.Handoff.RejectedAt, r.Handoff.RejectReason, r.Handoff.NotificationId,
                r.Lead.Email, r.Lead.DisplayName, r.Lead.Company))]));
    }

    /// <summary>A rep may read and answer the handoffs assigned to them, and a manager those of their team.</summary>
    private static async ValueTask<object?> VisibleHandoffOnlyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!LeadAccessFilter.IsSalesOnly(http.User) || !Guid.TryParse(http.Request.RouteValues["id"] as string, out var id))
            return await next(context);
        var databases = http.RequestServices.GetRequiredService<IDbContextFactory<NurtureDbContext>>();
        var routing = http.RequestServices.GetRequiredService<RoutingProvider>().Current;
        await using var db = await databases.CreateDbContextAsync(http.RequestAborted);
        var owner = await db.Handoffs.Where(h => h.Id == id).Select(h => new { h.RepEmail, h.Team }).SingleOrDefaultAsync(http.RequestAborted);
        return owner is null || HandoffVisibility.MaySee(http.User, routing, owner.RepEmail, owner.Team)
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This handoff is assigned to another rep.");
    }

    private static async Task<Results<Ok<HandoffDetail>, ProblemHttpResult>> GetAsync(Guid id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var handoff = await db.Handoffs.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null)
            return NotFound(id);
        var events = (await db.HandoffEvents.AsNoTracking().Where(e => e.HandoffId == id).ToListAsync(cancellationToken)).OrderBy(e => e.At).ThenBy(e => e.Id);
        return TypedResults.Ok(new HandoffDetail(handoff, [.. events]));
    }

    private static async Task<Results<Ok<HandoffAnswered>, ProblemHttpResult>> AcceptAsync(
        Guid id, Answer? body, ClaimsPrincipal user, HandoffActions actions, CancellationToken cancellationToken)
    {
        var outcome = await actions.AcceptAsync(id, Actors.Who(user, body?.By), cancellationToken);
        return outcome == HandoffOutcome.Done ? TypedResults.Ok(new HandoffAnswered(id, true)) : Refused(id, outcome);
    }

    private static async Task<Results<Ok<HandoffAnswered>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        Guid id, Answer body, ClaimsPrincipal user, HandoffActions actions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say why the lead is rejected: marketing uses it."] });
        var outcome = await actions.RejectAsync(id, Actors.Who(user, body.By), body.Reason.Trim(), cancellationToken);
        return outcome == HandoffOutcome.Done ? TypedResults.Ok(new HandoffAnswered(id, true)) : Refused(id, outcome);
    }

    private static async Task<Results<Ok<RoutingSaved>, Unprocessable<object>>> SaveRoutingAsync(
        HttpRequest request, SharedDocuments documents, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        RoutingModel model;
        try
        {
            model = RoutingModel.Parse(json, "routing");
        }
        catch (FormatException e)
        {
            return Unprocessable.Of<object>(new { title = "The routing is invalid and was not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        await documents.SaveRoutingAsync(model, SharedDocuments.SourceOf(user), cancellationToken);
        return TypedResults.Ok(new RoutingSaved(true, model.Rules.Count));
    }

    /// <summary>Why an answer changed nothing: already answered (409), or no such handoff (404).</summary>
    private static ProblemHttpResult Refused(Guid id, HandoffOutcome outcome) => outcome switch
    {
        HandoffOutcome.AlreadyClosed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already answered", detail: $"Handoff {id} was already accepted or rejected."),
        _ => NotFound(id),
    };

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Handoff not found", detail: $"No handoff has id {id}.");
}
