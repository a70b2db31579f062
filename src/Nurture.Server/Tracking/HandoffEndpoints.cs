using Nurture.Core.Accounts;
using Nurture.Core.Handoff;
using Nurture.Core.Links;
using Nurture.Core.Tracking;
using Nurture.Server.Limits;

namespace Nurture.Server.Tracking;

/// <summary>
/// The signed accept and reject links of a rep's notification. GET only shows the question (mail scanners
/// open links); POST answers. A link is bound to the rep it was sent for and answers only while the handoff is
/// still theirs; it expires with <c>Tracking:HandoffLinkLifetime</c>.
/// </summary>
public static class HandoffEndpoints
{
    public static IEndpointRouteBuilder MapHandoffEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("h").WithTags("Handoff").ExcludeFromDescription().LimitBody(BodyLimits.Anonymous);
        group.MapGet("accept/{token}", (string token, HttpContext context, TrackingService tracking, HandoffActions actions) =>
            AskAsync(token, context, tracking, actions, TrackingKind.HandoffAccept));
        group.MapGet("reject/{token}", (string token, HttpContext context, TrackingService tracking, HandoffActions actions) =>
            AskAsync(token, context, tracking, actions, TrackingKind.HandoffReject));
        group.MapPost("accept/{token}", AcceptAsync).DisableAntiforgery();
        group.MapPost("reject/{token}", RejectAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> AskAsync(string token, HttpContext context, TrackingService tracking, HandoffActions actions, TrackingKind kind)
    {
        if (tracking.Verify(token, kind) is not { } verified)
            return HtmlPage.InvalidLink();
        if (SomeoneElse(context, verified) is { } refused)
            return refused;
        var state = await actions.CheckAsync(verified.MessageId, verified.Target, context.RequestAborted);
        if (state != HandoffOutcome.Done)
            return Answer(state, "", "");
        var action = kind == TrackingKind.HandoffAccept ? "accept" : "reject";
        return kind == TrackingKind.HandoffAccept
            ? HtmlPage.Render(StatusCodes.Status200OK, "Accept this lead",
                $"""<form method="post" action="/h/{action}/{HtmlPage.Encode(token)}"><p>You take this lead and will contact them.</p><button type="submit">Accept</button></form>""")
            : HtmlPage.Render(StatusCodes.Status200OK, "Reject this lead",
                $"""<form method="post" action="/h/{action}/{HtmlPage.Encode(token)}"><p><label for="reason">Why? (the lead goes back to nurturing)</label><br><textarea id="reason" name="reason" rows="3" cols="50" required></textarea></p><button type="submit">Reject</button></form>""");
    }

    private static async Task<IResult> AcceptAsync(string token, HttpContext context, TrackingService tracking, HandoffActions actions, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.HandoffAccept) is not { } verified)
            return HtmlPage.InvalidLink();
        if (SomeoneElse(context, verified) is { } refused)
            return refused;
        var outcome = await actions.AcceptAsync(verified.MessageId, By(verified), cancellationToken, boundTo: verified.Target);
        return Answer(outcome, "Lead accepted", "It is yours: the lead is now sales-accepted (SAL).");
    }

    private static async Task<IResult> RejectAsync(string token, HttpContext context, TrackingService tracking, HandoffActions actions, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.HandoffReject) is not { } verified)
            return HtmlPage.InvalidLink();
        if (SomeoneElse(context, verified) is { } refused)
            return refused;
        var reason = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken))["reason"].ToString().Trim() : "";
        if (reason.Length == 0)
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "A reason is needed", "<p>Say why the lead is rejected: marketing uses it.</p>");
        var outcome = await actions.RejectAsync(verified.MessageId, By(verified), reason, cancellationToken, boundTo: verified.Target);
        return Answer(outcome, "Lead rejected", "The lead goes back to nurturing.");
    }

    private static string By(TrackingToken verified) => $"{verified.Target} (signed link)";

    /// <summary>
    /// A signed-in user other than the rep (a marketer who came across the link) may not answer for them; an
    /// admin may. Without a session the link alone speaks, as in the rep's mail client.
    /// </summary>
    private static IResult? SomeoneElse(HttpContext context, TrackingToken verified)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.IsInRole(Roles.Admin)
            || string.Equals(Accounts.Actors.RepEmail(user), verified.Target, StringComparison.OrdinalIgnoreCase))
            return null;
        return HtmlPage.Render(StatusCodes.Status403Forbidden, "Not your lead",
            $"<p>This link answers for {HtmlPage.Encode(verified.Target)}, and you are signed in as someone else.</p>");
    }

    private static IResult Answer(HandoffOutcome outcome, string title, string text) => outcome switch
    {
        HandoffOutcome.Done => HtmlPage.Render(StatusCodes.Status200OK, title, $"<p>{HtmlPage.Encode(text)}</p>"),
        HandoffOutcome.AlreadyClosed => HtmlPage.Render(StatusCodes.Status409Conflict, "Already answered", "<p>This handoff was already accepted or rejected.</p>"),
        HandoffOutcome.Reassigned => HtmlPage.Render(StatusCodes.Status410Gone, "Reassigned",
            "<p>This lead was handed to another rep since this email was sent: the link no longer answers for it.</p>"),
        _ => HtmlPage.InvalidLink(),
    };
}
