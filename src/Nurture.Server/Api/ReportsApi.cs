using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Reports;
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

    private static async Task<Results<Ok<SpeedToLead>, ValidationProblem>> SpeedAsync(
        DateTimeOffset? from, DateTimeOffset? to, SpeedToLeadReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ReportPeriod.TryResolve(from, to, time, DefaultLength, out var period, out var problem))
            return problem;
        return TypedResults.Ok(await report.ForRangeAsync(period.From, period.To, cancellationToken));
    }
}
