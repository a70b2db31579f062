using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
    IOptions<TrackingOptions> options,
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

    /// <summary>A hit on the hidden link: always a machine, kept so that its IP marks its other hits.</summary>
    public async Task<bool> RecordHoneypotAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Honeypot) is not { } verified)
            return false;
        var now = time.GetUtcNow();
        await inbox.RecordHitAsync(Hit(verified, SignalTypes.Click, new { honeypot = true }, hit, now, SignalLabel.Scanner, "followed the hidden honeypot link", HoneypotSource),
            cancellationToken);
        return true;
    }

    private const string HoneypotSource = "honeypot";

    public TrackingToken? Verify(string token, TrackingKind kind) =>
        signer.TryVerify(token, kind, time.GetUtcNow(), out var verified) ? verified : null;

    private async Task<bool> RecordAsync(TrackingToken token, string type, object? properties, HitInfo hit, CancellationToken cancellationToken)
    {
        DateTimeOffset? deliveredAt;
        HitHistory history;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Leads.AnyAsync(l => l.Id == token.LeadId, cancellationToken))
                return true; // an erased lead: the link still works, nothing is recorded
            deliveredAt = await db.Outbox.Where(m => m.Id == token.MessageId).Select(m => m.SentAt).FirstOrDefaultAsync(cancellationToken);
            history = await HistoryAsync(db, token.MessageId, hit.IpAddress, cancellationToken);
        }

        var now = time.GetUtcNow();
        var (label, reason) = classifier.Classify(type, hit.UserAgent, now, deliveredAt, history);
        await inbox.RecordHitAsync(Hit(token, type, properties, hit, now, label, reason, "tracking"), cancellationToken);
        return true;
    }

    private static Signal Hit(TrackingToken token, string type, object? properties, HitInfo hit, DateTimeOffset now, SignalLabel label, string reason, string source) => new()
    {
        Id = Guid.CreateVersion7(now),
        LeadId = token.LeadId,
        Type = type,
        PropertiesJson = properties is null ? null : JsonSerializer.Serialize(properties),
        Source = source,
        MessageId = token.MessageId,
        Label = label,
        LabelReason = reason,
        IpAddress = Truncate(hit.IpAddress, 64),
        UserAgent = Truncate(hit.UserAgent, 512),
        OccurredAt = now,
        ReceivedAt = now,
    };

    /// <summary>Earlier hits on the same email: distinct IPs within the burst window, and honeypot hits from this IP.</summary>
    /// <remarks>Both read only what they need through the (MessageId, ReceivedAt) index: a popular email's older hits are never loaded.</remarks>
    private async Task<HitHistory> HistoryAsync(NurtureDbContext db, Guid messageId, string? ip, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - options.Value.BurstWindow;
        var recentIps = await db.Signals.AsNoTracking()
            .Where(s => s.MessageId == messageId && s.ReceivedAt >= since && s.IpAddress != null && s.Source != "unsubscribe")
            .Select(s => s.IpAddress!)
            .Distinct()
            .Take(options.Value.BurstIps)
            .ToListAsync(cancellationToken);
        var ips = recentIps.Append(ip).Where(i => i is not null).Distinct().Count();
        var honeypot = ip is not null && await db.Signals.AnyAsync(s => s.MessageId == messageId && s.Source == HoneypotSource && s.IpAddress == ip, cancellationToken);
        return new HitHistory(ips, honeypot);
    }

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}
