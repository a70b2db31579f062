namespace Nurture.Core.Links;

public enum TrackingKind : byte
{
    Open = 1,
    Click = 2,
    Download = 3,
    Unsubscribe = 4,

    /// <summary>A link hidden from people in every email: whatever follows it is a machine.</summary>
    Honeypot = 5,

    /// <summary>The double opt-in confirmation link.</summary>
    ConfirmOptIn = 6,

    /// <summary>A rep's accept or reject link for one handoff (MessageId holds the handoff id).</summary>
    HandoffAccept = 7,
    HandoffReject = 8,

    /// <summary>Appended to a click's destination on the company's site: ties the browser's visitor id to the lead, once.</summary>
    VisitorIdentity = 9,

    /// <summary>Issued with a form: when it was shown (ExpiresAt minus the lifetime) and a nonce spent by the submission.</summary>
    FormStart = 10,

    /// <summary>The gated asset a form submission unlocked (MessageId holds the form signal's id).</summary>
    FormDownload = 11,
}

/// <summary>
/// What a tracking URL stands for. It names the message and the lead by id only: no address or name
/// ever appears in a URL. <see cref="Target"/> is the destination URL of a click or the asset of a download.
/// </summary>
public sealed record TrackingToken(TrackingKind Kind, Guid MessageId, Guid LeadId, DateTimeOffset ExpiresAt, string Target = "");
