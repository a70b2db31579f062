using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Signals;

namespace Nurture.Core.Tracking;

/// <summary>Who made a tracking request, as the HTTP layer saw it.</summary>
public sealed record HitInfo(string? IpAddress, string? UserAgent);

/// <summary>
/// Verifies tracking tokens and records every hit, labelled human or machine with the reason.
/// A token that fails verification records nothing and yields nothing to redirect to.
/// </summary>
public sealed class TrackingService(
    TokenSigner signer,
    IDbContextFactory<NurtureDbContext> databases,
    SignalInbox inbox,
    HitClassifier classifier,
    AssetStore assets,
    TimeProvider time)
{
    public async Task<bool> RecordOpenAsync(string token, HitInfo hit, CancellationToken cancellationToken) =>
        Verify(token, TrackingKind.Open) is { } verified
        && await RecordAsync(verified, SignalTypes.Open, null, hit, cancellationToken);

    /// <returns>The destination to redirect to, or null when the token is invalid.</returns>
    public async Task<Uri?> RecordClickAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Click) is not { } verified
            || !Uri.TryCreate(verified.Target, UriKind.Absolute, out var destination)
            || (destination.Scheme != Uri.UriSchemeHttp && destination.Scheme != Uri.UriSchemeHttps))
            return null;
        await RecordAsync(verified, SignalTypes.Click, new { url = verified.Target }, hit, cancellationToken);
        return destination;
    }

    /// <returns>The asset's name and file path, or null when the token or the asset is invalid.</returns>
    public async Task<(string Name, string Path)?> RecordDownloadAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Download) is not { } verified || assets.PathOf(verified.Target) is not { } path)
            return null;
        await RecordAsync(verified, SignalTypes.Download, new { asset = verified.Target }, hit, cancellationToken);
        return (verified.Target, path);
    }

    public TrackingToken? Verify(string token, TrackingKind kind) =>
        signer.TryVerify(token, kind, time.GetUtcNow(), out var verified) ? verified : null;

    private async Task<bool> RecordAsync(TrackingToken token, string type, object? properties, HitInfo hit, CancellationToken cancellationToken)
    {
        DateTimeOffset? deliveredAt;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Leads.AnyAsync(l => l.Id == token.LeadId, cancellationToken))
                return true; // an erased lead: the link still works, nothing is recorded
            deliveredAt = await db.Outbox.Where(m => m.Id == token.MessageId).Select(m => m.SentAt).FirstOrDefaultAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var (label, reason) = classifier.Classify(type, hit.UserAgent, now, deliveredAt);
        await inbox.RecordHitAsync(new Signal
        {
            Id = Guid.CreateVersion7(now),
            LeadId = token.LeadId,
            Type = type,
            PropertiesJson = properties is null ? null : JsonSerializer.Serialize(properties),
            Source = "tracking",
            MessageId = token.MessageId,
            Label = label,
            LabelReason = reason,
            IpAddress = Truncate(hit.IpAddress, 64),
            UserAgent = Truncate(hit.UserAgent, 512),
            OccurredAt = now,
            ReceivedAt = now,
        }, cancellationToken);
        return true;
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}
