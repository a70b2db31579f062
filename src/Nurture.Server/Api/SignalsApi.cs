using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Server.Accounts;

namespace Nurture.Server.Api;

public static class SignalsApi
{
    public static IEndpointRouteBuilder MapSignalsApi(this IEndpointRouteBuilder api)
    {
        var signals = api.MapGroup("signals").WithTags("Signals");
        signals.MapPost("", RecordAsync).RequireScope(ApiScopes.SignalsWrite);
        // Signals that failed processing too often: listed for an operator, and sent round again once fixed.
        signals.MapGet("dead-letters", DeadLettersAsync).RequireAuthorization(Policies.Admin);
        signals.MapPost("{id:guid}/retry", RetryAsync).RequireAuthorization(Policies.Admin);
        return api;
    }

    public sealed record DeadLetter(Guid Id, Guid LeadId, string Type, string Source, DateTimeOffset ReceivedAt, int Attempts, string? LastError, DateTimeOffset DeadLetteredAt);

    public sealed record RetryQueued(Guid Id, Guid LeadId);

    private static async Task<Ok<List<DeadLetter>>> DeadLettersAsync(IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Signals.AsNoTracking().Where(s => s.DeadLetteredAt != null)
            .OrderBy(s => s.DeadLetteredAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(s => new DeadLetter(s.Id, s.LeadId, s.Type, s.Source, s.ReceivedAt, s.Attempts, s.LastError, s.DeadLetteredAt!.Value)));
    }

    private static async Task<Results<Accepted<RetryQueued>, NotFound, ProblemHttpResult>> RetryAsync(
        Guid id, IDbContextFactory<NurtureDbContext> databases, SignalQueue queue, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var signal = await db.Signals.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (signal is null)
            return TypedResults.NotFound();
        if (!signal.IsDeadLettered)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not a dead letter", detail: $"Signal {id} is not dead-lettered.");
        signal.Retry();
        await db.SaveChangesAsync(cancellationToken);
        queue.Enqueue(signal.Id, signal.LeadId);
        return TypedResults.Accepted($"/api/leads/{signal.LeadId}", new RetryQueued(signal.Id, signal.LeadId));
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
