using Microsoft.Extensions.Options;

namespace Nurture.Core.Links;

/// <summary>Builds the absolute, signed URLs that go into emails.</summary>
public sealed class TrackingUrls(TokenSigner signer, IOptions<TrackingOptions> options, PublicAddress address)
{
    public Uri BaseUrl => address.BaseUrl;

    public string Open(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("t/o/", new(TrackingKind.Open, messageId, leadId, now + options.Value.LinkLifetime));

    public string Click(Guid messageId, Guid leadId, string destination, DateTimeOffset now) =>
        Url("t/c/", new(TrackingKind.Click, messageId, leadId, now + options.Value.LinkLifetime, destination));

    public string Download(Guid messageId, Guid leadId, string asset, DateTimeOffset now) =>
        Url("t/d/", new(TrackingKind.Download, messageId, leadId, now + options.Value.LinkLifetime, asset));

    /// <summary>The asset a form submission unlocked: <paramref name="signalId"/> is the form signal's.</summary>
    public string FormDownload(Guid signalId, Guid leadId, string asset, DateTimeOffset now) =>
        Url("t/f/", new(TrackingKind.FormDownload, signalId, leadId, now + options.Value.LinkLifetime, asset));

    public string Honeypot(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("t/h/", new(TrackingKind.Honeypot, messageId, leadId, now + options.Value.LinkLifetime));

    public string ConfirmOptIn(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("confirm/", new(TrackingKind.ConfirmOptIn, messageId, leadId, now + options.Value.LinkLifetime));

    /// <summary>Bound to the rep it is sent for (the token's target): once the lead is reassigned, it answers nothing.</summary>
    public string HandoffAccept(Guid handoffId, Guid leadId, string rep, DateTimeOffset now) =>
        Url("h/accept/", new(TrackingKind.HandoffAccept, handoffId, leadId, now + options.Value.HandoffLinkLifetime, rep.ToLowerInvariant()));

    public string HandoffReject(Guid handoffId, Guid leadId, string rep, DateTimeOffset now) =>
        Url("h/reject/", new(TrackingKind.HandoffReject, handoffId, leadId, now + options.Value.HandoffLinkLifetime, rep.ToLowerInvariant()));

    public string Unsubscribe(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("u/", new(TrackingKind.Unsubscribe, messageId, leadId, now + options.Value.UnsubscribeLifetime));

    /// <summary>True for URLs we produced ourselves, which must not be wrapped for click tracking again.</summary>
    public bool IsOwnUrl(string url) => url.StartsWith(BaseUrl.ToString(), StringComparison.OrdinalIgnoreCase);

    private string Url(string prefix, TrackingToken token) => $"{BaseUrl}{prefix}{signer.Sign(token)}";
}
