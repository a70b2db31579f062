using Nurture.Core.Content;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;
using Nurture.Core.Website;
using Nurture.Server.Limits;

namespace Nurture.Server.Tracking;

/// <summary>
/// Open pixel, click redirect and tracked downloads. A token that fails verification gets an error
/// page and never a redirect; redirects carry no referrer.
/// </summary>
public static class TrackingEndpoints
{
    // The smallest transparent GIF (1×1).
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous by design and the busiest routes of all: run as soon as routed, past authentication,
        // authorization and status-code pages (each answer is complete already), a tenth of a hit's CPU.
        var group = app.MapGroup("t").WithTags("Tracking").ExcludeFromDescription().LimitBody(BodyLimits.Anonymous);
        group.ShortCircuit();
        group.MapGet("o/{token}", OpenAsync);
        group.MapGet("c/{token}", ClickAsync);
        group.MapGet("d/{token}", DownloadAsync);
        group.MapGet("h/{token}", HoneypotAsync);
        group.MapGet("f/{token}", FormDownloadAsync);
        return app;
    }

    public static HitInfo Hit(HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString());

    private static async Task<IResult> OpenAsync(string token, HttpContext context, TrackingService tracking, CancellationToken cancellationToken)
    {
        // The pixel is served even for a bad token (a broken image helps no one), but nothing is recorded.
        await tracking.RecordOpenAsync(token, Hit(context), cancellationToken);
        context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, max-age=0";
        context.Response.Headers.Pragma = "no-cache";
        return TypedResults.Bytes(Pixel, "image/gif");
    }

    /// <summary>A destination on the company's site gets the lead's one-time identity (<see cref="VisitorLinks"/>) for its script.</summary>
    private static async Task<IResult> ClickAsync(string token, HttpContext context, TrackingService tracking, VisitorLinks visitors, CancellationToken cancellationToken)
    {
        if (await tracking.RecordClickAsync(token, Hit(context), cancellationToken) is not { } click)
            return HtmlPage.InvalidLink();
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(visitors.Decorate(click.Destination, click.LeadId).AbsoluteUri);
    }

    private static async Task<IResult> FormDownloadAsync(string token, HttpContext context, TrackingService tracking, CancellationToken cancellationToken) =>
        Asset(context, await tracking.RecordFormDownloadAsync(token, Hit(context), cancellationToken));

    /// <summary>The hidden link: recorded as a machine, answered with an empty page and no redirect.</summary>
    private static async Task<IResult> HoneypotAsync(string token, HttpContext context, TrackingService tracking, CancellationToken cancellationToken)
    {
        if (!await tracking.RecordHoneypotAsync(token, Hit(context), cancellationToken))
            return HtmlPage.InvalidLink();
        context.Response.Headers.CacheControl = "no-store";
        return HtmlPage.Render(StatusCodes.Status200OK, "Nothing here", "");
    }

    private static async Task<IResult> DownloadAsync(string token, HttpContext context, TrackingService tracking, CancellationToken cancellationToken) =>
        Asset(context, await tracking.RecordDownloadAsync(token, Hit(context), cancellationToken));

    private static IResult Asset(HttpContext context, (string Name, string Path)? found)
    {
        if (found is not { } asset)
            return HtmlPage.InvalidLink();
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(asset.Path, AssetStore.ContentTypeOf(asset.Name), asset.Name);
    }
}
