using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Leads;
using Nurture.Core.Signals;

namespace Nurture.Server.Api;

public static class SignalsApi
{
    public static IEndpointRouteBuilder MapSignalsApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("signals").WithTags("Signals").MapPost("", RecordAsync);
        return api;
    }

    public sealed record SignalAccepted(Guid Id, Guid LeadId, bool Duplicate);

    /// <summary>202: the signal is committed; scoring and journeys follow within milliseconds.</summary>
    private static async Task<Results<Accepted<SignalAccepted>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        SignalRequest request, SignalIntake inbox, CancellationToken cancellationToken)
    {
        try
        {
            var (signal, duplicate) = await inbox.RecordAsync(request, cancellationToken);
            return TypedResults.Accepted($"/api/leads/{signal.LeadId}", new SignalAccepted(signal.Id, signal.LeadId, duplicate));
        }
        catch (SignalValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors, title: "The signal is invalid");
        }
        catch (LeadNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown lead", detail: e.Message);
        }
    }
}
