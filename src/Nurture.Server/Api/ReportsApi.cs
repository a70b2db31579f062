using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Reports;

namespace Nurture.Server.Api;

/// <summary>The dashboard's reports: per journey and email, and speed to lead; both for a date range (default: 30 days).</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("reports").WithTags("Reports");
        reports.MapGet("emails", EmailsAsync);
        reports.MapGet("speed-to-lead", SpeedAsync);
        return api;
    }

    private static async Task<Results<Ok<object>, ValidationProblem>> EmailsAsync(
        DateTimeOffset? from, DateTimeOffset? to, EmailReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Range(from, to, time) is not { } range)
            return RangeProblem();
        return TypedResults.Ok<object>(new { range.From, range.To, rows = await report.ForRangeAsync(range.From, range.To, cancellationToken) });
    }

    private static async Task<Results<Ok<SpeedToLead>, ValidationProblem>> SpeedAsync(
        DateTimeOffset? from, DateTimeOffset? to, SpeedToLeadReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Range(from, to, time) is not { } range)
            return RangeProblem();
        return TypedResults.Ok(await report.ForRangeAsync(range.From, range.To, cancellationToken));
    }

    private static (DateTimeOffset From, DateTimeOffset To)? Range(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        return start <= end ? (start, end) : null;
    }

    private static ValidationProblem RangeProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' must not be after 'to'."] });
}
