using System.Text.Encodings.Web;
using Nurture.Server.WebApp;

namespace Nurture.Server.Tracking;

/// <summary>
/// Small server-rendered pages for people who follow email links; every value is HTML-encoded, and no script
/// runs on them (<see cref="SecurityHeaders.PagePolicy"/>).
/// </summary>
public static class HtmlPage
{
    public static IResult Render(int statusCode, string title, string bodyHtml) =>
        Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{{Encode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
            button{font-size:1rem;padding:.5rem 1rem}table{border-collapse:collapse}td,th{padding:.25rem .75rem;border-bottom:1px solid #ddd;text-align:left}</style>
            </head>
            <body><main><h1>{{Encode(title)}}</h1>
            {{bodyHtml}}
            </main></body></html>
            """, "text/html; charset=utf-8", statusCode: statusCode).With(SecurityHeaders.PagePolicy);

    public static IResult InvalidLink() =>
        Render(StatusCodes.Status400BadRequest, "This link is not valid",
            "<p>The link is broken, has been changed, or has expired. Nothing was recorded.</p>");

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");
}
