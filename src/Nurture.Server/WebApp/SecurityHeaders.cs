namespace Nurture.Server.WebApp;

/// <summary>
/// The headers every page of this server carries: no sniffing, no framing by other sites, and a content
/// policy per kind of page: the app shell (scripts from this server), the server-rendered pages (no script at
/// all), and an email's own HTML (a sandbox with an origin of its own).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The app shell. Inline styles: React Flow positions nodes with style attributes. Previews are sandboxed srcdoc frames.</summary>
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>
    /// Pages rendered on the server (<c>/u</c>, <c>/confirm</c>, <c>/h</c>, <c>/pickup</c>, invalid links): they
    /// need no script, so none runs, whatever a value on them holds; their forms post back here.
    /// </summary>
    public const string PagePolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// An email's HTML, shown in the pickup page's frame: sandboxed (no script, no forms, not this origin) even
    /// when opened on its own, and without images: its open pixel would record an open for whoever looks.
    /// </summary>
    public const string EmailPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

    public static void Apply(HttpResponse response) => Apply(response, AppPolicy, "same-origin");

    /// <param name="referrer">The page's Referrer-Policy: <c>no-referrer</c> where the address holds a token.</param>
    public static void Apply(HttpResponse response, string policy, string referrer)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.XContentTypeOptions = "nosniff";
        // The email frame is framed by the pickup page, and by nothing else (its policy's frame-ancestors).
        response.Headers.XFrameOptions = policy == EmailPolicy ? "SAMEORIGIN" : "DENY";
        response.Headers["Referrer-Policy"] = referrer;
        response.Headers.ContentSecurityPolicy = policy;
    }

    /// <summary>A result sent with the headers of <paramref name="policy"/>.</summary>
    public static IResult With(this IResult result, string policy) => new Secured(result, policy);

    private sealed class Secured(IResult inner, string policy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            Apply(httpContext.Response, policy, "no-referrer");
            return inner.ExecuteAsync(httpContext);
        }
    }
}
