using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;

namespace Nurture.Core.Signals;

/// <summary>
/// Intake of API signals: validates the request, finds the lead and hands the row to the
/// <see cref="SignalWriter"/>, which commits it and then queues its id. An idempotency key seen before
/// returns the first signal, which is processed once.
/// </summary>
public sealed class SignalIntake(IDbContextFactory<NurtureDbContext> databases, SignalWriter writer, IOptions<TrackingOptions> tracking, TimeProvider time)
{
    public const int MaxPropertiesLength = 4000;

    /// <exception cref="SignalValidationException">The request is invalid.</exception>
    /// <exception cref="LeadNotFoundException">No lead has the given id or email.</exception>
    /// <param name="source">Where it came from: "api", or "form" for the website's forms.</param>
    /// <param name="reason">What its label says about it.</param>
    public async Task<(Signal Signal, bool Duplicate)> RecordAsync(SignalRequest request, CancellationToken cancellationToken,
        string source = "api", string reason = "reported through the API")
    {
        ArgumentNullException.ThrowIfNull(request);
        var properties = Validate(request);

        Lead lead;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            lead = await FindLeadAsync(db, request, cancellationToken);
            if (request.IdempotencyKey is { } key
                && await db.Signals.AsNoTracking().FirstOrDefaultAsync(s => s.IdempotencyKey == key, cancellationToken) is { } seen)
                return (seen, true);
        }

        var now = time.GetUtcNow();
        var signal = new Signal
        {
            Id = Guid.CreateVersion7(now),
            LeadId = lead.Id,
            Type = request.Type!,
            PropertiesJson = properties,
            IdempotencyKey = request.IdempotencyKey,
            Source = source,
            LabelReason = reason,
            OccurredAt = (request.OccurredAt ?? now).ToUniversalTime(),
            ReceivedAt = now,
        };
        try
        {
            // Group-committed with the other signals arriving now; answered once durable, then queued.
            await writer.WriteAsync(signal, cancellationToken);
        }
        catch (DbUpdateException) when (request.IdempotencyKey is { } raced)
        {
            // The same key committed by a concurrent request: that one is the signal.
            await using var again = await databases.CreateDbContextAsync(cancellationToken);
            return (await again.Signals.AsNoTracking().SingleAsync(s => s.IdempotencyKey == raced, cancellationToken), true);
        }
        return (signal, false);
    }

    /// <summary>
    /// Hands a tracking hit, already labelled, to the next group commit; machine hits are kept but never
    /// processed. Returns once accepted, not committed (see <see cref="SignalWriter"/>), unless
    /// <see cref="TrackingOptions.AnswerAfterCommit"/> asks to wait for the commit.
    /// </summary>
    public ValueTask RecordHitAsync(Signal signal, Action<Signal>? refused, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Label != SignalLabel.Human)
            signal.ProcessedAt = signal.ReceivedAt;
        return tracking.Value.AnswerAfterCommit
            ? CommittedAsync(signal, refused, cancellationToken)
            : writer.AcceptAsync(signal, refused, cancellationToken);
    }

    private async ValueTask CommittedAsync(Signal signal, Action<Signal>? refused, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(signal, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            refused?.Invoke(signal); // the database refused the row (its lead erased a moment ago): answered the same
        }
    }

    private static string? Validate(SignalRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Type))
            errors["type"] = ["A signal type is required."];
        else if (!SignalTypes.IsValid(request.Type))
            errors["type"] = [$"'{request.Type}' is not a valid signal type (lower-case letters, digits, '.', '_' or '-', at most 64)."];
        if (request.LeadId is null && string.IsNullOrWhiteSpace(request.Email))
            errors["leadId"] = ["Give the lead's id (leadId) or email."];
        if (request.IdempotencyKey is { Length: > 200 })
            errors["idempotencyKey"] = ["The idempotency key must be at most 200 characters."];

        string? properties = null;
        if (request.Properties is { Count: > 0 })
        {
            properties = JsonSerializer.Serialize(request.Properties);
            if (properties.Length > MaxPropertiesLength)
                errors["properties"] = [$"Properties must serialize to at most {MaxPropertiesLength} characters (got {properties.Length})."];
        }
        if (errors.Count > 0)
            throw new SignalValidationException(errors);
        return properties;
    }

    private static async Task<Lead> FindLeadAsync(NurtureDbContext db, SignalRequest request, CancellationToken cancellationToken)
    {
        if (request.LeadId is { } id)
            return await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
                ?? throw new LeadNotFoundException($"id {id}");
        var email = LeadValidator.NormalizeEmail(request.Email!);
        return await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Email == email, cancellationToken)
            ?? throw new LeadNotFoundException($"email '{request.Email}'");
    }
}

public sealed class SignalValidationException(Dictionary<string, string[]> errors)
    : Exception("The signal is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public Dictionary<string, string[]> Errors { get; } = errors;
}
