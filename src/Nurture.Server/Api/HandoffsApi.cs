using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Configuration;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Handoff.Routing;
using Nurture.Server.Startup;

namespace Nurture.Server.Api;

/// <summary>Handoffs with their SLA steps, the rep's answer, and the routing (read and replace).</summary>
public static class HandoffsApi
{
    public static IEndpointRouteBuilder MapHandoffsApi(this IEndpointRouteBuilder api)
    {
        var handoffs = api.MapGroup("handoffs").WithTags("Handoff");
        handoffs.MapGet("", ListAsync);
        handoffs.MapGet("{id:guid}", GetAsync);
        handoffs.MapPost("{id:guid}/accept", AcceptAsync);
        handoffs.MapPost("{id:guid}/reject", RejectAsync);
        var routing = api.MapGroup("routing").WithTags("Handoff");
        routing.MapGet("", (RoutingProvider provider) => TypedResults.Text(provider.Current.ToJson(), "application/json"));
        routing.MapPut("", SaveRoutingAsync);
        return api;
    }

    public sealed record Answer(string? By, string? Reason);

    private static async Task<Ok<object>> ListAsync(string? status, string? rep, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Handoffs.AsNoTracking();
        if (Enum.TryParse<HandoffStatus>(status, ignoreCase: true, out var wanted))
            query = query.Where(h => h.Status == wanted);
        if (!string.IsNullOrWhiteSpace(rep))
            query = query.Where(h => h.RepEmail == rep);
        var rows = await query.OrderByDescending(h => h.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok<object>(new { handoffs = rows });
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> GetAsync(Guid id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var handoff = await db.Handoffs.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null)
            return NotFound(id);
        var events = (await db.HandoffEvents.AsNoTracking().Where(e => e.HandoffId == id).ToListAsync(cancellationToken)).OrderBy(e => e.At).ThenBy(e => e.Id);
        return TypedResults.Ok<object>(new { handoff, events });
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> AcceptAsync(Guid id, Answer? body, HandoffActions actions, CancellationToken cancellationToken) =>
        Result(id, await actions.AcceptAsync(id, By(body), cancellationToken));

    private static async Task<IResult> RejectAsync(Guid id, Answer body, HandoffActions actions, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(body.Reason)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say why the lead is rejected: marketing uses it."] })
            : Result(id, await actions.RejectAsync(id, By(body), body.Reason.Trim(), cancellationToken));

    private static async Task<Results<Ok<object>, UnprocessableEntity<object>>> SaveRoutingAsync(
        HttpRequest request, RoutingProvider provider, NurturePaths paths, CancellationToken cancellationToken)
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
            return TypedResults.UnprocessableEntity<object>(new { title = "The routing is invalid and was not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Routing)!);
        await AtomicFile.WriteAllTextAsync(paths.Routing, model.ToJson(), cancellationToken);
        provider.Use(model);
        return TypedResults.Ok<object>(new { saved = true, rules = model.Rules.Count });
    }

    private static string By(Answer? body) => string.IsNullOrWhiteSpace(body?.By) ? "api" : body.By.Trim();

    private static Results<Ok<object>, ProblemHttpResult> Result(Guid id, HandoffOutcome outcome) => outcome switch
    {
        HandoffOutcome.Done => TypedResults.Ok<object>(new { id, done = true }),
        HandoffOutcome.AlreadyClosed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already answered", detail: $"Handoff {id} was already accepted or rejected."),
        _ => NotFound(id),
    };

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Handoff not found", detail: $"No handoff has id {id}.");
}
