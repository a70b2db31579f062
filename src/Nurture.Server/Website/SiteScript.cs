using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Core.Website;

namespace Nurture.Server.Website;

/// <summary>
/// <c>/w.js</c>: the embedded script with this server's settings (consent, Do Not Track, the cookie's life) in
/// its first lines, built once, cacheable for an hour and revalidated by its ETag.
/// </summary>
public sealed class SiteScript
{
    public SiteScript(IOptions<WebsiteOptions> options)
    {
        using var stream = typeof(SiteScript).Assembly.GetManifestResourceStream("website/w.js")
            ?? throw new InvalidOperationException("The website script is not embedded in the server.");
        using var reader = new StreamReader(stream);
        var settings = options.Value;
        var config = JsonSerializer.Serialize(new
        {
            requireConsent = settings.RequireConsent,
            honourDoNotTrack = settings.HonourDoNotTrack,
            visitorCookieDays = settings.VisitorCookieDays,
        });
        var text = reader.ReadToEnd();
        var at = text.IndexOf("/*CONFIG*/", StringComparison.Ordinal);
        var end = text.IndexOf(';', at);
        Bytes = Encoding.UTF8.GetBytes(text[..at] + config + text[end..]);
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Bytes))[..16]}\"";
    }

    public byte[] Bytes { get; }
    public string ETag { get; }
}
