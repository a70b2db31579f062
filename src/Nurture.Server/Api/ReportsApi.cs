using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Reports;
using Nurture.Core.Reports.Attribution;
using Nurture.Server.Accounts;

namespace Nurture.Server.Api;

/// <summary>The dashboard's reports: per journey and email, speed to lead and content by stage, each for a date range.</summary>
public static class ReportsApi
{
    private static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("reports").WithTags("Reports").RequireScope(ApiScopes.ReportsRead);
        reports.MapGet("emails", EmailsAsync);
        reports.MapGet("speed-to-lead", SpeedAsync);
        reports.MapGet("content", ContentAsync);
        reports.MapGet("attribution", AttributionAsync);
        // Evaluating is what declares a winner (the experiment job does it hourly too): the test's decision, the same whoever looks.
        reports.MapGet("experiments", async (ExperimentReport report, CancellationToken cancellationToken) =>
            TypedResults.Ok(await report.EvaluateAsync(cancellationToken)));
        reports.MapGet("matrix", async (MatrixReport report, CancellationToken cancellationToken) => TypedResults.Ok(await report.BuildAsync(cancellationToken)));
        return api;
    }

    /// <summary>The period asked for (or the default) and the outcome of the emails queued in it, per template.</summary>
    public sealed record EmailReportBody(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<EmailResults> Rows);

    private static async Task<Results<Ok<EmailReportBody>, ValidationProblem>> EmailsAsync(
        DateTimeOffset? from, DateTimeOffset? to, EmailReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, DefaultLength, out var period, out var problem))
            return problem;
        return TypedResults.Ok(new EmailReportBody(period.From, period.To, await report.ForRangeAsync(period.From, period.To, cancellationToken)));
    }

    /// <summary>Content by funnel stage (default: the last 90 days, so that the 30 days after each reading fit in).</summary>
    private static async Task<Results<Ok<ContentResults>, ValidationProblem>> ContentAsync(
        DateTimeOffset? from, DateTimeOffset? to, ContentReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, TimeSpan.FromDays(90), out var period, out var problem))
            return problem;
        return TypedResults.Ok(await report.BuildAsync(period.From, period.To, cancellationToken));
    }

    /// <summary>The models by the names the query takes.</summary>
    private static readonly Dictionary<string, AttributionModel> Models = new(StringComparer.OrdinalIgnoreCase)
    {
        ["first"] = AttributionModel.FirstTouch, ["last"] = AttributionModel.LastTouch, ["linear"] = AttributionModel.Linear,
        ["time-decay"] = AttributionModel.TimeDecay, ["position"] = AttributionModel.PositionBased,
    };

    /// <summary>
    /// Conversions in the range (default 30 days) credited to the journeys, emails, assets and pages before them.
    /// <c>model</c>: first, last, linear (default), time-decay, position; <c>stage</c>: Mql, Sal, Sql, Customer or Goal
    /// (default: the four stages); <c>lookBack</c> (P90D) and <c>halfLife</c> (P7D, time decay) as ISO 8601 durations.
    /// </summary>
    private static async Task<Results<Ok<AttributionResults>, ValidationProblem>> AttributionAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? model, string? stage, string? lookBack, string? halfLife,
        AttributionReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, DefaultLength, out var period, out var problem))
            return problem;
        var errors = new Dictionary<string, string[]>();
        if (!Models.TryGetValue(model ?? "linear", out var chosen))
            errors["model"] = [$"'{model}' is not a model: {string.Join(", ", Models.Keys)}."];
        string[] stages = [.. AttributionReport.Stages.Select(s => s.ToString()), AttributionReport.Goal];
        var asked = stage is null ? null : stages.FirstOrDefault(s => s.Equals(stage, StringComparison.OrdinalIgnoreCase));
        if (stage is not null && asked is null)
            errors["stage"] = [$"'{stage}' is not a conversion: {string.Join(", ", stages)}."];
        var window = Duration(lookBack, TimeSpan.FromDays(90), "lookBack", errors);
        var half = Duration(halfLife, TimeSpan.FromDays(7), "halfLife", errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(await report.BuildAsync(new AttributionQuery(chosen, asked, period.From, period.To, window, half), cancellationToken));
    }

    private static TimeSpan Duration(string? text, TimeSpan otherwise, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
            return otherwise;
        if (Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero && duration <= ReportPeriod.Longest)
            return duration;
        errors[name] = [$"'{text}' is not an ISO 8601 duration between a second and {ReportPeriod.Longest.TotalDays:0} days (P90D, PT12H)."];
        return otherwise;
    }

    private static async Task<Results<Ok<SpeedToLead>, ValidationProblem>> SpeedAsync(
        DateTimeOffset? from, DateTimeOffset? to, SpeedToLeadReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, DefaultLength, out var period, out var problem))
            return problem;
        return TypedResults.Ok(await report.ForRangeAsync(period.From, period.To, cancellationToken));
    }
}
