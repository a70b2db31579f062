using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Nurture.Server.Api;

/// <summary>
/// The period of a report from its query: <c>to</c> defaults to now on the server's clock, <c>from</c> to a length
/// before it; at most <see cref="Longest"/>, so that no query reads the whole history at once.
/// </summary>
public static class ReportPeriod
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(400);

    public static bool TryResolve(
        DateTimeOffset? from, DateTimeOffset? to, TimeProvider time, TimeSpan defaultLength,
        out (DateTimeOffset From, DateTimeOffset To) period, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(time);
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - defaultLength;
        period = (start, end);
        problem = start > end
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"from ({start:u}) is after to ({end:u})."] })
            : end - start > Longest
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"from ({start:u}) to ({end:u}) is longer than {Longest.TotalDays:0} days: ask for a shorter period."] })
                : null;
        return problem is null;
    }
}
