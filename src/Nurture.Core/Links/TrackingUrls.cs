using Microsoft.Extensions.Options;

namespace Nurture.Core.Links;

/// <summary>Builds the absolute, signed URLs that go into emails.</summary>
public sealed class TrackingUrls(TokenSigner signer, IOptions<TrackingOptions> options)
{
    private Uri? _baseUrl;

    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The public base URL is not known yet.");

    /// <summary>Set once at start, from configuration or from the server's listening address.</summary>
    public void UseBaseUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The public base URL must be an absolute http(s) URL (got '{baseUrl}').", nameof(baseUrl));
        _baseUrl = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
    }

    public string Open(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("t/o/", new(TrackingKind.Open, messageId, leadId, now + options.Value.LinkLifetime));

    public string Click(Guid messageId, Guid leadId, string destination, DateTimeOffset now) =>
        Url("t/c/", new(TrackingKind.Click, messageId, leadId, now + options.Value.LinkLifetime, destination));

    public string Download(Guid messageId, Guid leadId, string asset, DateTimeOffset now) =>
        Url("t/d/", new(TrackingKind.Download, messageId, leadId, now + options.Value.LinkLifetime, asset));

    public string Honeypot(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("t/h/", new(TrackingKind.Honeypot, messageId, leadId, now + options.Value.LinkLifetime));

    public string ConfirmOptIn(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("confirm/", new(TrackingKind.ConfirmOptIn, messageId, leadId, now + options.Value.LinkLifetime));

    public string HandoffAccept(Guid handoffId, Guid leadId, DateTimeOffset now) =>
        Url("h/accept/", new(TrackingKind.HandoffAccept, handoffId, leadId, now + options.Value.LinkLifetime));

    public string HandoffReject(Guid handoffId, Guid leadId, DateTimeOffset now) =>
        Url("h/reject/", new(TrackingKind.HandoffReject, handoffId, leadId, now + options.Value.LinkLifetime));

    public string Unsubscribe(Guid messageId, Guid leadId, DateTimeOffset now) =>
        Url("u/", new(TrackingKind.Unsubscribe, messageId, leadId, now + options.Value.UnsubscribeLifetime));

    /// <summary>True for URLs we produced ourselves, which must not be wrapped for click tracking again.</summary>
    public bool IsOwnUrl(string url) => url.StartsWith(BaseUrl.ToString(), StringComparison.OrdinalIgnoreCase);

    private string Url(string prefix, TrackingToken token) => $"{BaseUrl}{prefix}{signer.Sign(token)}";
}
