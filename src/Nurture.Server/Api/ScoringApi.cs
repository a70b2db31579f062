using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Leads;
using Nurture.Core.Processing;
using Nurture.Core.Reports;
using Nurture.Core.Scoring;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;
using Nurture.Server.Startup;

namespace Nurture.Server.Api;

/// <summary>The score model (read, preview a new version, apply it), the funnel, and stage moves.</summary>
public static class ScoringApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder api)
    {
        var model = api.MapGroup("scoring/model").WithTags("Scoring").RequireAuthorization(Policies.Marketing).RequireScope(ApiScopes.ContentWrite);
        model.MapGet("", Get);
        model.MapPost("preview", PreviewAsync);
        model.MapPut("", ApplyAsync);
        api.MapGet("funnel", FunnelAsync).WithTags("Lifecycle").RequireAuthorization(Policies.Marketing).RequireScope(ApiScopes.ReportsRead);
        // Reps move the leads handed to them on (SQL, Opportunity, Customer, Lost).
        api.MapPost("leads/{id:guid}/stage", MoveAsync).WithTags("Lifecycle").RequireAuthorization(Policies.Leads).RequireScope(ApiScopes.LeadsWrite).AddEndpointFilter<LeadAccessFilter>();
        return api;
    }

    /// <summary>The model in force: its version, its MQL rule in words, its file, and the model itself as JSON.</summary>
    public sealed record ScoringModelBody(int Version, string MqlRule, string File, JsonElement Model);

    private static Ok<ScoringModelBody> Get(ScoringModelProvider models, NurturePaths paths) => TypedResults.Ok(new ScoringModelBody(
        models.Current.Version, models.Current.MqlRule, Path.GetRelativePath(paths.Home, paths.ScoringModel), JsonDocument.Parse(models.Current.ToJson()).RootElement));

    private static async Task<Results<Ok<ModelPreview>, Unprocessable<ModelErrors>>> PreviewAsync(
        JsonElement body, ScoringModelService service, CancellationToken cancellationToken)
    {
        var (candidate, invalid) = Read(service, body);
        return candidate is null ? invalid! : TypedResults.Ok(await service.PreviewAsync(candidate, cancellationToken));
    }

    private static async Task<Results<Ok<ModelApplied>, Unprocessable<ModelErrors>>> ApplyAsync(
        JsonElement body, ScoringModelService service, ProfileRescored rescored, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (candidate, invalid) = Read(service, body);
        if (candidate is null)
            return invalid!;
        try
        {
            return TypedResults.Ok(await service.ApplyAsync(candidate, SharedDocuments.SourceOf(user),
                (work, before, ct) => rescored.HandleAsync(work, before, $"score model v{candidate.Version}", ct), cancellationToken));
        }
        catch (FormatException e)
        {
            return Unprocessable.Of(new ModelErrors("The model was not applied", e.Message.Split(Environment.NewLine)));
        }
    }

    public sealed record ModelErrors(string Title, IReadOnlyList<string> Errors);

    private static (ScoringModel? Model, Unprocessable<ModelErrors>? Invalid) Read(ScoringModelService service, JsonElement body)
    {
        string raw;
        try
        {
            raw = body.GetRawText();
        }
        catch (InvalidOperationException e)
        {
            return (null, Unprocessable.Of(new ModelErrors("The model is invalid", [$"The body is not valid UTF-8 JSON: {e.Message}"])));
        }
        try
        {
            return (service.Validate(raw), null);
        }
        catch (FormatException e)
        {
            return (null, Unprocessable.Of(new ModelErrors("The model is invalid", e.Message.Split(Environment.NewLine))));
        }
    }

    private static async Task<Results<Ok<Funnel>, ValidationProblem>> FunnelAsync(
        DateTimeOffset? from, DateTimeOffset? to, FunnelReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, TimeSpan.FromDays(90), out var period, out var problem))
            return problem;
        return TypedResults.Ok(await report.BuildAsync(period.From, period.To, cancellationToken));
    }

    public sealed record StageMove(string? Stage, string? Reason, string? By = null);

    public sealed record StageMoved(Guid Id, string Stage);

    private static async Task<Results<Ok<StageMoved>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        Guid id, StageMove body, StageService stages, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!LeadStages.TryParse(body.Stage, out var stage))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stage"] = [LeadStages.NotAStage(body.Stage)] });
        if (string.IsNullOrWhiteSpace(body.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say why the lead moves (it is recorded)."] });
        var lead = await stages.MoveAsync(id, stage, Actors.Who(user, body.By), body.Reason.Trim(), cancellationToken);
        return lead is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"No lead has id {id}.")
            : TypedResults.Ok(new StageMoved(lead.Id, lead.Stage.ToString()));
    }
}
