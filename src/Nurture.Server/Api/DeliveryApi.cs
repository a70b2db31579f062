using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Feedback;
using Nurture.Core.Messaging;

namespace Nurture.Server.Api;

/// <summary>Bounce and complaint intake (raw RFC 822 reports), and policy alerts with their pauses.</summary>
public static class DeliveryApi
{
    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("delivery").WithTags("Delivery");
        group.MapPost("feedback", IngestAsync).Accepts<string>("message/rfc822");
        group.MapGet("alerts", AlertsAsync);
        group.MapPost("alerts/{id:guid}/resolve", ResolveAsync);
        group.MapGet("dns", Dns);
        return api;
    }

    /// <summary>The SPF, DKIM and DMARC records the configured sender needs, and whether they can align.</summary>
    private static Ok<SenderDnsReport> Dns(Microsoft.Extensions.Options.IOptions<EmailOptions> options) =>
        TypedResults.Ok(SenderDnsRecords.For(options.Value));

    /// <summary>The body is the report as received (DSN or ARF), e.g. piped from the bounce mailbox.</summary>
    private static async Task<Results<Ok<FeedbackResult>, ProblemHttpResult>> IngestAsync(HttpRequest request, FeedbackProcessor processor, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Empty report", detail: "Send the report as the request body (message/rfc822).");
        buffer.Position = 0;
        MimeMessage report;
        try
        {
            report = await MimeMessage.LoadAsync(buffer, cancellationToken);
        }
        catch (FormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a MIME message", detail: e.Message);
        }
        return TypedResults.Ok(await processor.ProcessAsync(report, cancellationToken));
    }

    public sealed record AlertList(IReadOnlyList<AlertBody> Alerts);

    /// <summary>A delivery alert, and whether it still pauses its domain.</summary>
    public sealed record AlertBody(
        Guid Id, string Domain, string Code, string Detail, Guid? MessageId, DateTimeOffset At, DateTimeOffset PausedUntil, DateTimeOffset? ResolvedAt, string? ResolvedBy, bool Paused);

    public sealed record AlertResolved(Guid Id, string Domain, DateTimeOffset? ResolvedAt);

    private static async Task<Ok<AlertList>> AlertsAsync(IDbContextFactory<NurtureDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var alerts = await db.DeliveryAlerts.AsNoTracking().OrderByDescending(a => a.At).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AlertList([.. alerts.Select(a => new AlertBody(
            a.Id, a.Domain, a.Code, a.Detail, a.MessageId, a.At, a.PausedUntil, a.ResolvedAt, a.ResolvedBy, a.ResolvedAt is null && a.PausedUntil > now))]));
    }

    /// <summary>Ends the pause early (the cause was fixed); held messages go at their next check.</summary>
    private static async Task<Results<Ok<AlertResolved>, ProblemHttpResult>> ResolveAsync(Guid id, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var alert = await db.DeliveryAlerts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"No alert has id {id}.");
        var now = time.GetUtcNow();
        alert.ResolvedAt ??= now;
        alert.ResolvedBy ??= "api";
        await db.Outbox.Where(m => m.RecipientDomain == alert.Domain && m.Status == Core.Messaging.OutboxStatus.Pending && m.NextAttemptAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new AlertResolved(alert.Id, alert.Domain, alert.ResolvedAt));
    }
}
