using Nurture.Core.Links;
using Nurture.Core.Tracking;
using Nurture.Server.Limits;

namespace Nurture.Server.Tracking;

/// <summary>
/// GET shows the preference page only: link scanners GET every link, and Mautic's one-click GET
/// unsubscribed whole lists (#9798). POST unsubscribes from everything, at once; it also serves RFC 8058
/// one-click, which answers 200 without a redirect. The page also turns single topics off or on.
/// </summary>
public static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("u").WithTags("Unsubscribe").ExcludeFromDescription().LimitBody(BodyLimits.Anonymous);
        // The signed token in the URL is the capability; there is no session for a forged form to ride on.
        group.MapGet("{token}", PreferencesAsync);
        group.MapPost("{token}", UnsubscribeAsync).DisableAntiforgery();
        group.MapPost("{token}/topics", SetTopicsAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PreferencesAsync(string token, TrackingService tracking, UnsubscribeService unsubscribe, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.Unsubscribe) is not { } verified)
            return HtmlPage.InvalidLink();
        if (await unsubscribe.PreferencesAsync(verified.LeadId, cancellationToken) is not { } state)
            return HtmlPage.Render(StatusCodes.Status200OK, "Unsubscribe", "<p>We hold no data about you any more; you will receive nothing.</p>");
        var action = $"/u/{HtmlPage.Encode(token)}";
        if (state.Unsubscribed)
            return HtmlPage.Render(StatusCodes.Status200OK, "You are unsubscribed", "<p>You receive none of our marketing emails.</p>");
        var topics = string.Concat(unsubscribe.Topics.Select(t =>
            $"""<p><label><input type="checkbox" name="topic" value="{HtmlPage.Encode(t.Key)}"{(state.OptedOut.Contains(t.Key) ? "" : " checked")}> {HtmlPage.Encode(t.Value)}</label></p>"""));
        return HtmlPage.Render(StatusCodes.Status200OK, "Email preferences",
            $"""
            <form method="post" action="{action}/topics">
            <fieldset><legend>Keep sending me</legend>{topics}</fieldset>
            <p><button type="submit">Save my choices</button></p>
            </form>
            <form method="post" action="{action}"><p>Or stop every marketing email:</p><button type="submit">Unsubscribe from everything</button></form>
            """);
    }

    private static async Task<IResult> UnsubscribeAsync(string token, HttpContext context, TrackingService tracking, UnsubscribeService unsubscribe, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.Unsubscribe) is not { } verified)
            return HtmlPage.InvalidLink();
        var oneClick = context.Request.HasFormContentType
            && (await context.Request.ReadFormAsync(cancellationToken))["List-Unsubscribe"] == "One-Click";
        await unsubscribe.UnsubscribeAsync(verified, TrackingEndpoints.Hit(context), oneClick ? "one-click header (RFC 8058)" : "unsubscribe page", cancellationToken);
        return HtmlPage.Render(StatusCodes.Status200OK, "You are unsubscribed",
            "<p>You will not receive any more of these emails. It took effect immediately.</p>");
    }

    private static async Task<IResult> SetTopicsAsync(string token, HttpContext context, TrackingService tracking, UnsubscribeService unsubscribe, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.Unsubscribe) is not { } verified)
            return HtmlPage.InvalidLink();
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var wanted = form["topic"].Where(t => t is not null).Select(t => t!).ToHashSet(StringComparer.Ordinal);
        await unsubscribe.SetTopicsAsync(verified, wanted, TrackingEndpoints.Hit(context), cancellationToken);
        return HtmlPage.Render(StatusCodes.Status200OK, "Preferences saved", "<p>Your choices took effect immediately.</p>");
    }
}
