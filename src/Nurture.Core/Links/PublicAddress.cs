namespace Nurture.Core.Links;

/// <summary>
/// Where people reach the server from outside, the base of every link in an email: Tracking:PublicBaseUrl,
/// else what the host says once it listens. Kept from the first use that finds it; until then, asking throws.
/// </summary>
public sealed class PublicAddress(Func<Uri> resolve)
{
    private Uri? _baseUrl;

    /// <summary>The base URL, ending in a slash.</summary>
    public Uri BaseUrl => _baseUrl ??= Normalize(resolve());

    public static PublicAddress Of(Uri baseUrl) => new(() => baseUrl);

    private static Uri Normalize(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"The public base URL must be an absolute http(s) URL (got '{baseUrl}').", nameof(baseUrl));
        return new Uri(baseUrl.ToString().TrimEnd('/') + "/");
    }
}
