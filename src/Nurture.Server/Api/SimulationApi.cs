using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Simulation;
using Nurture.Server.Accounts;
using Nurture.Server.Simulation;

namespace Nurture.Server.Api;

/// <summary>A journey's next months before it is published: its draft or a version, on a scratch copy, in simulated time.</summary>
public static class SimulationApi
{
    public static IEndpointRouteBuilder MapSimulationApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("journeys").WithTags("Journeys").RequireScope(ApiScopes.ContentWrite)
            .MapPost("{id}/simulate", SimulateAsync);
        return api;
    }

    private static async Task<Results<Ok<SimulationAnswer>, ValidationProblem, ProblemHttpResult>> SimulateAsync(
        string id, SimulationRequest request, JourneyCatalog catalog, JourneySimulator simulator, IDbContextFactory<NurtureDbContext> databases, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Read(errors) is not { } settings)
            return TypedResults.ValidationProblem(errors);

        JourneyDefinition definition;
        string version;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var draft = request.Version is null or "draft"
                ? await db.JourneyDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.JourneyId == id, cancellationToken)
                : null;
            if (draft is not null)
                (definition, version) = (JourneyParser.Parse(draft.DefinitionJson, "draft"), "draft");
            else if (request.Version == "draft")
                return Problem(StatusCodes.Status404NotFound, "No draft", $"Journey '{id}' has no draft; PUT /api/journeys/{id}/draft first, or simulate a version.");
            else if (request.Version is null && catalog.Find(id) is { } published)
                (definition, version) = (published.Definition, published.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else if (settings.Version is { } number && await db.JourneyVersions.AsNoTracking().AnyAsync(v => v.JourneyId == id && v.Version == number, cancellationToken))
                (definition, version) = ((await catalog.GetVersionAsync(db, id, number, cancellationToken)).Definition, request.Version!);
            else
                return Problem(StatusCodes.Status404NotFound, "Journey not found", request.Version is null ? $"No journey has id '{id}'." : $"Journey '{id}' has no version {request.Version}.");
        }
        if (catalog.Validate(definition, version == "draft" ? "draft" : $"version {version}") is { Count: > 0 } invalid)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The journey cannot run", detail: string.Join(Environment.NewLine, invalid),
                extensions: new Dictionary<string, object?> { ["errors"] = invalid.Select(JourneysApi.ErrorBody.From).ToList() });

        var now = time.GetUtcNow();
        var start = request.Start ?? new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        return TypedResults.Ok(await simulator.SimulateAsync(definition, version, settings, start, cancellationToken));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
