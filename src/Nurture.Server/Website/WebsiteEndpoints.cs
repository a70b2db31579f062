using System.Text.Json;
using Microsoft.Extensions.Options;
using Nurture.Core.Signals;
using Nurture.Core.Website;
using Nurture.Server.Limits;
using Nurture.Server.Tracking;

namespace Nurture.Server.Website;

/// <summary>
/// The company's site talks to these: the script, its page views (a public route: CORS-restricted to the
/// site's origins, rate-limited per client IP) and the noscript image that labels visits without JavaScript.
/// </summary>
public static class WebsiteEndpoints
{
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapWebsiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("w.js", Script).ExcludeFromDescription().AllowAnonymous();
        var hits = app.MapGroup("w").ExcludeFromDescription().AllowAnonymous().LimitBody(BodyLimits.Anonymous);
        hits.MapPost("hit", HitAsync);
        hits.MapGet("p.gif", NoScriptAsync);
        return app;
    }

    private static IResult Script(HttpContext context, SiteScript script)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.ETag = script.ETag;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return context.Request.Headers.IfNoneMatch == script.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(script.Bytes, "text/javascript; charset=utf-8");
    }

    /// <summary>The script's report, sent as text/plain JSON (a simple request, no preflight).</summary>
    private static async Task<IResult> HitAsync(HttpContext context, WebsiteHits hits, HitRateLimits limits, IOptions<WebsiteOptions> options, CancellationToken cancellationToken)
    {
        HitBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<HitBody>(context.Request.Body, BodyJson, cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The hit is not JSON of the expected shape.");
        }
        if (body?.Site is not { } key || options.Value.Find(key) is not { } site)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No site has this key.");
        // Only the site's own pages may report: the browser names them in Origin, and only they get the CORS answer.
        var origin = context.Request.Headers.Origin.ToString();
        if (!site.Allows(origin))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This origin is not one of the site's (Website:Sites).");
        Cors.Allow(context, origin);
        if (!UnderHitLimit(context, limits, options.Value))
            return TypedResults.StatusCode(StatusCodes.Status429TooManyRequests);
        var outcome = await hits.RecordAsync(new PageHit
        {
            Site = site.Key,
            Visitor = Guid.TryParse(body.Visitor, out var visitor) ? visitor : null,
            Type = body.Type ?? SignalTypes.PageView,
            Url = body.Url,
            Title = body.Title,
            Referrer = body.Referrer,
            Consent = body.Consent,
            IdentityToken = body.Identity,
            Seconds = body.Seconds,
            Percent = body.Percent,
            Asset = body.Asset,
            DoNotTrack = DoNotTrack(context.Request),
            Client = TrackingEndpoints.Hit(context),
        }, cancellationToken);
        return outcome == PageHitOutcome.Invalid
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Unknown hit type '{body.Type}' (page_view, page_engaged, video_progress).")
            : TypedResults.NoContent();
    }

    /// <summary>
    /// <c>&lt;noscript&gt;&lt;img src=".../w/p.gif?site=KEY"&gt;</c>: a visit that ran no JavaScript, kept as a machine hit. The
    /// page is its Referer; a Referer of another origin records nothing. The image is always served.
    /// </summary>
    private static async Task<IResult> NoScriptAsync(string? site, HttpContext context, WebsiteHits hits, HitRateLimits limits, IOptions<WebsiteOptions> options, CancellationToken cancellationToken)
    {
        var referer = context.Request.Headers.Referer.ToString();
        if (options.Value.Find(site) is { } known && Uri.TryCreate(referer, UriKind.Absolute, out var page)
            && known.Allows(page.GetLeftPart(UriPartial.Authority))
            && UnderHitLimit(context, limits, options.Value))
        {
            await hits.RecordAsync(new PageHit
            {
                Site = known.Key,
                Type = SignalTypes.PageView,
                Url = referer,
                NoScript = true,
                DoNotTrack = DoNotTrack(context.Request),
                Client = TrackingEndpoints.Hit(context),
            }, cancellationToken);
        }
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(Pixel, "image/gif");
    }

    /// <summary>Counts the hit against its client IP's <see cref="WebsiteOptions.HitsPerMinute"/>, script and noscript image alike.</summary>
    private static bool UnderHitLimit(HttpContext context, HitRateLimits limits, WebsiteOptions options) =>
        limits.TryTake($"hit-ip:{context.Connection.RemoteIpAddress}", options.HitsPerMinute);

    private static bool DoNotTrack(HttpRequest request) => request.Headers["DNT"] == "1" || request.Headers["Sec-GPC"] == "1";

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    private sealed record HitBody(string? Site, string? Visitor, string? Type, string? Url, string? Title, string? Referrer,
        bool Consent, string? Identity, int? Seconds, int? Percent, string? Asset);
}

/// <summary>The CORS answer for a site's own page: that origin only, never credentials.</summary>
public static class Cors
{
    public static void Allow(HttpContext context, string origin)
    {
        context.Response.Headers.AccessControlAllowOrigin = origin;
        context.Response.Headers.Vary = "Origin";
    }
}
