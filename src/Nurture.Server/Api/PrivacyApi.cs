using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Privacy;
using Nurture.Server.Accounts;

namespace Nurture.Server.Api;

/// <summary>A lead's consent state and records, the open-tracking switch, GDPR export and erase.</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("leads").WithTags("Privacy").RequireAuthorization(Accounts.Policies.Marketing);
        api.MapGet("leads/{id:guid}/consent", ConsentAsync).WithTags("Privacy").RequireScope(ApiScopes.LeadsRead)
            .RequireAuthorization(Accounts.Policies.Leads).AddEndpointFilter<Accounts.LeadAccessFilter>();
        group.MapPut("{id:guid}/consent", SetConsentAsync).RequireScope(ApiScopes.LeadsWrite);
        group.MapGet("{id:guid}/export", ExportAsync);
        group.MapDelete("{id:guid}", EraseAsync);
        return api;
    }

    public sealed record ConsentChange(bool? OpenTracking);

    /// <summary>Where the lead stands on consent, and every consent record kept as proof.</summary>
    public sealed record ConsentBody(
        string OptIn, bool OpenTracking, DateTimeOffset? UnsubscribedAt, DateTimeOffset? HardBouncedAt, DateTimeOffset? ComplainedAt,
        IReadOnlyList<string> OptedOutTopics, bool CanReceiveMarketing, IReadOnlyList<ConsentRecordBody> Records);

    public sealed record ConsentRecordBody(string Kind, string Source, string? TextVersion, string? Detail, string? IpAddress, string? UserAgent, DateTimeOffset At);

    private static async Task<Results<Ok<ConsentBody>, ProblemHttpResult>> ConsentAsync(Guid id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lead is null)
            return NotFound(id);
        var records = await db.ConsentRecords.AsNoTracking().Where(c => c.LeadId == id).OrderBy(c => c.At).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ConsentBody(
            lead.OptIn.ToString(), !lead.OpenTrackingOff, lead.UnsubscribedAt, lead.HardBouncedAt, lead.ComplainedAt,
            lead.OptedOutTopics, lead.CanReceiveMarketing,
            [.. records.Select(r => new ConsentRecordBody(r.Kind, r.Source, r.TextVersion, r.Detail, r.IpAddress, r.UserAgent, r.At))]));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetConsentAsync(
        Guid id, ConsentChange change, ConsentService consent, CancellationToken cancellationToken)
    {
        if (change.OpenTracking is not { } on)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["openTracking"] = ["Give openTracking: true or false."] });
        return await consent.SetOpenTrackingAsync(id, on, "api", cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Ok<LeadExport>, ProblemHttpResult>> ExportAsync(Guid id, LeadPrivacyService privacy, HttpContext context, CancellationToken cancellationToken)
    {
        if (await privacy.ExportAsync(id, cancellationToken) is not { } export)
            return NotFound(id);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"lead-{id}.json\"";
        return TypedResults.Ok(export);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(Guid id, LeadPrivacyService privacy, CancellationToken cancellationToken) =>
        await privacy.EraseAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: $"No lead has id {id}.");
}
