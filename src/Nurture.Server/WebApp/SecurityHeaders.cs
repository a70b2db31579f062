namespace Nurture.Server.WebApp;

/// <summary>Headers every app page carries: no framing, no sniffing, scripts only from this server.</summary>
public static class SecurityHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        // Inline styles: React Flow positions nodes with style attributes. Previews are sandboxed srcdoc frames.
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }
}
