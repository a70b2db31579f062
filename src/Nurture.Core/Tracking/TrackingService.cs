using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Core.Content;
using Nurture.Core.Links;
using Nurture.Core.Signals;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Tracking;

/// <summary>
/// Verifies tracking tokens and records every hit, labelled human or machine with the reason.
/// A token that fails verification records nothing and yields nothing to redirect to.
/// </summary>
public sealed class TrackingService(
    TokenSigner signer,
    MessageHits messages,
    SignalIntake inbox,
    HitClassifier classifier,
    AssetStore assets,
    RepeatedHits repeats,
    TimeProvider time)
{
    public async Task<bool> RecordOpenAsync(string token, HitInfo hit, CancellationToken cancellationToken) =>
        Verify(token, TrackingKind.Open) is { } verified
        && await RecordAsync(verified, SignalTypes.Open, null, hit, cancellationToken);

    /// <returns>The destination to redirect to and the lead who clicked, or null when the token is invalid.</returns>
    public async Task<(Uri Destination, Guid LeadId)?> RecordClickAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Click) is not { } verified
            || !Uri.TryCreate(verified.Target, UriKind.Absolute, out var destination)
            || (destination.Scheme != Uri.UriSchemeHttp && destination.Scheme != Uri.UriSchemeHttps))
            return null;
        await RecordAsync(verified, SignalTypes.Click, new { url = verified.Target }, hit, cancellationToken);
        return (destination, verified.LeadId);
    }

    /// <returns>The asset's name and file path, or null when the token or the asset is invalid.</returns>
    public async Task<(string Name, string Path)?> RecordDownloadAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Download) is not { } verified || assets.PathOf(verified.Target) is not { } path)
            return null;
        await RecordAsync(verified, SignalTypes.Download, new { asset = verified.Target }, hit, cancellationToken);
        return (verified.Target, path);
    }

    /// <summary>
    /// A download a form unlocked: no email to judge it by, so only its agent can say it is a machine (a person
    /// just submitted the form). Counted like any download, on the lead's timeline and score.
    /// </summary>
    /// <returns>The asset's name and file path, or null when the token or the asset is invalid.</returns>
    public async Task<(string Name, string Path)?> RecordFormDownloadAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.FormDownload) is not { } verified || assets.PathOf(verified.Target) is not { } path)
            return null;
        var now = time.GetUtcNow();
        var signalId = Guid.CreateVersion7(now);
        if (repeats.Repeat(verified, hit, signalId) is not null)
            return (verified.Target, path);
        // The email hits' classifier, without an email's delivery or history: the agent alone decides.
        var (label, reason) = classifier.Classify(SignalTypes.Download, hit.UserAgent, now, deliveredAt: null);
        if (label == SignalLabel.Human)
            reason = "downloaded from a form's thank-you";
        var signal = Hit(signalId, verified, SignalTypes.Download, new { asset = verified.Target, formSignal = verified.MessageId }, hit, now, label, reason, FormSource);
        signal.MessageId = null;
        await inbox.RecordHitAsync(signal, null, cancellationToken);
        return (verified.Target, path);
    }

    /// <summary>The source of downloads unlocked by a form.</summary>
    public const string FormSource = "form";

    /// <summary>A hit on the hidden link: always a machine, kept so that its IP marks its other hits.</summary>
    public async Task<bool> RecordHoneypotAsync(string token, HitInfo hit, CancellationToken cancellationToken)
    {
        if (Verify(token, TrackingKind.Honeypot) is not { } verified)
            return false;
        var now = time.GetUtcNow();
        if (await messages.GetAsync(verified.MessageId, verified.LeadId, cancellationToken) is not { } state)
            return true; // an erased lead: nothing is recorded
        state.Add(hit.IpAddress, now, honeypot: true);
        await RecordAsync(Hit(Guid.CreateVersion7(now), verified, SignalTypes.Click, new { honeypot = true }, hit, now, SignalLabel.Scanner, "followed the hidden honeypot link", HoneypotSource),
            cancellationToken);
        return true;
    }

    /// <summary>The source of hidden-link hits; <see cref="MessageHits"/> reads it back to mark their IPs.</summary>
    public const string HoneypotSource = "honeypot";

    /// <summary>The source of hits on an email's pixel, links and downloads.</summary>
    public const string Source = "tracking";

    public TrackingToken? Verify(string token, TrackingKind kind) =>
        signer.TryVerify(token, kind, time.GetUtcNow(), out var verified) ? verified : null;

    private async Task<bool> RecordAsync(TrackingToken token, string type, object? properties, HitInfo hit, CancellationToken cancellationToken)
    {
        if (await messages.GetAsync(token.MessageId, token.LeadId, cancellationToken) is not { } state)
            return true; // an erased lead (or a message never sent): the link still works, nothing is recorded
        var now = time.GetUtcNow();
        var signalId = Guid.CreateVersion7(now);
        if (repeats.Repeat(token, hit, signalId) is not null)
            return true; // the same client again: counted on its first hit's signal
        var (label, reason) = Classify(type, hit, now, state);
        state.Add(hit.IpAddress, now, honeypot: false);
        await RecordAsync(Hit(signalId, token, type, properties, hit, now, label, reason, Source), cancellationToken);
        return true;
    }

    private (SignalLabel Label, string Reason) Classify(string type, HitInfo hit, DateTimeOffset now, MessageHitState state)
    {
        using var span = NurtureTracing.Start("classify hit");
        var (label, reason) = classifier.Classify(type, hit.UserAgent, now, state.DeliveredAt, state.Before(hit.IpAddress, now));
        span?.SetTag("nurture.signal.type", type).SetTag("nurture.hit.label", label.ToString()).SetTag("nurture.hit.reason", reason);
        return (label, reason);
    }

    /// <summary>
    /// Answered once the writer has the hit. A lead erased between the check and the commit fails the foreign
    /// key: nothing is recorded, and the email's state is dropped so that its next hit reads the database.
    /// </summary>
    private ValueTask RecordAsync(Signal signal, CancellationToken cancellationToken) =>
        inbox.RecordHitAsync(signal, refused => messages.Forget([refused.MessageId!.Value]), cancellationToken);

    private static Signal Hit(Guid id, TrackingToken token, string type, object? properties, HitInfo hit, DateTimeOffset now, SignalLabel label, string reason, string source)
    {
        var fitted = hit.Fitted();
        return new()
        {
            Id = id,
            LeadId = token.LeadId,
            Type = type,
            PropertiesJson = properties is null ? null : JsonSerializer.Serialize(properties),
            Source = source,
            MessageId = token.MessageId,
            Label = label,
            LabelReason = reason,
            IpAddress = fitted.IpAddress,
            UserAgent = fitted.UserAgent,
            OccurredAt = now,
            ReceivedAt = now,
        };
    }
}
