using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;

namespace Nurture.Server.Api;

/// <summary>
/// What the server defines and the web app shows: the lifecycle stages in order, the trigger types with
/// the fields each reads, the scores, the pages with the roles that open them. Published here so that the
/// app holds no copy to fall out of date.
/// </summary>
public static class CatalogApi
{
    public sealed record Catalog(IReadOnlyList<string> Stages, IReadOnlyList<TriggerType> Triggers, IReadOnlyList<string> Scores, IReadOnlyList<PageAccess> Pages);

    /// <summary>A page of the web app (its path pattern, as the server routes it) and the roles that may open it.</summary>
    public sealed record PageAccess(string Path, IReadOnlyList<string> Roles);

    public sealed record TriggerType(string Type, IReadOnlyList<string> Fields);

    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("catalog", Get).WithTags("Catalog");
        return api;
    }

    private static Ok<Catalog> Get() => TypedResults.Ok(new Catalog(
        Enum.GetNames<LeadStage>(),
        [.. JourneyTriggerTypes.WithFields.Select(t => new TriggerType(t.Type, t.Fields))],
        LeadScores.Dimensions,
        [.. WebApp.AppPages.Pages.Select(p => new PageAccess(p.Pattern, Accounts.Policies.RolesOf[p.Policy]))]));
}
