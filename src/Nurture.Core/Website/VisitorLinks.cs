using Microsoft.Extensions.Options;
using Nurture.Core.Links;

namespace Nurture.Core.Website;

/// <summary>
/// A tracked click that lands on one of the company's sites carries the lead's identity in a signed, one-time
/// token (<c>nurture_t</c>): the site's script hands it back with the page view, which ties the browser's
/// visitor to the lead. The token names the lead by id only, and expires within the hour.
/// </summary>
public sealed class VisitorLinks(TokenSigner signer, IOptions<WebsiteOptions> options, TimeProvider time)
{
    public const string Parameter = "nurture_t";

    /// <returns>The destination with the token added, or as it was when it is not on a site.</returns>
    public Uri Decorate(Uri destination, Guid leadId)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!options.Value.IsSiteOrigin(destination.GetLeftPart(UriPartial.Authority)))
            return destination;
        var now = time.GetUtcNow();
        var token = signer.Sign(new TrackingToken(TrackingKind.VisitorIdentity, Guid.CreateVersion7(now), leadId, now + options.Value.IdentityLinkLifetime));
        var builder = new UriBuilder(destination);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length == 0 ? "" : query + "&") + Parameter + "=" + Uri.EscapeDataString(token);
        return builder.Uri;
    }
}
