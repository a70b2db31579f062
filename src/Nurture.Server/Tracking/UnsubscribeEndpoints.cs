using Nurture.Core.Tracking;

namespace Nurture.Server.Tracking;

/// <summary>
/// GET shows a confirmation page only: link scanners GET every link, and Mautic's one-click GET
/// unsubscribed whole lists (#9798). POST unsubscribes, at once; it also serves RFC 8058 one-click,
/// which answers 200 without a redirect.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("u").WithTags("Unsubscribe").ExcludeFromDescription();
        group.MapGet("{token}", Confirm);
        group.MapPost("{token}", UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Confirm(string token, TrackingService tracking)
    {
        if (tracking.Verify(token, TrackingKind.Unsubscribe) is null)
            return HtmlPage.InvalidLink();
        return HtmlPage.Render(StatusCodes.Status200OK, "Unsubscribe",
            $"""
            <p>Do you want to stop receiving these emails?</p>
            <form method="post" action="/u/{HtmlPage.Encode(token)}"><button type="submit">Unsubscribe</button></form>
            """);
    }

    private static async Task<IResult> UnsubscribeAsync(string token, HttpContext context, TrackingService tracking, UnsubscribeService unsubscribe, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.Unsubscribe) is not { } verified)
            return HtmlPage.InvalidLink();
        await unsubscribe.UnsubscribeAsync(verified, TrackingEndpoints.Hit(context), cancellationToken);
        return HtmlPage.Render(StatusCodes.Status200OK, "You are unsubscribed",
            "<p>You will not receive any more of these emails. It took effect immediately.</p>");
    }
}
