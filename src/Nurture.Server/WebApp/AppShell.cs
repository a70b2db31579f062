using System.Reflection;
using System.Security.Cryptography;

namespace Nurture.Server.WebApp;

/// <summary>
/// The single page every app route answers with, and the bundle embedded in this assembly. Assets are
/// addressed by their content hash, so they can be cached for a year and a new build is never stale.
/// </summary>
public static class AppShell
{
    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> Assets = new(LoadAssets);

    public sealed record Asset(string Name, byte[] Content, string ContentType, string Hash);

    public static Asset? Find(string name) => Assets.Value.GetValueOrDefault(name);

    /// <summary>The page, made once: the asset hashes do not change while the process runs.</summary>
    public static string Html => Page.Value;

    private static readonly Lazy<string> Page = new(() =>
    {
        var css = Find("app.css")?.Hash ?? "missing";
        var js = Find("app.js")?.Hash ?? "missing";
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Nurture</title>
            <link rel="stylesheet" href="/app/app.css?v={css}">
            </head>
            <body>
            <div id="root"></div>
            <noscript>The Nurture web app needs JavaScript.</noscript>
            <script type="module" src="/app/app.js?v={js}"></script>
            </body>
            </html>
            """;
    });

    public static async Task WriteAsync(HttpContext context, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        SecurityHeaders.Apply(context.Response);
        await context.Response.WriteAsync(Html, context.RequestAborted);
    }

    private static Dictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(AppShell).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("webapp/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource["webapp/".Length..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets[name] = new Asset(name, content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..16]);
        }
        return assets;
    }
}
