using Nurture.Core.Handoff;
using Nurture.Core.Links;
using Nurture.Core.Tracking;

namespace Nurture.Server.Tracking;

/// <summary>
/// The signed accept and reject links of a rep's notification. GET only shows the question (mail scanners
/// open links); POST answers. The rep is the one the handoff is with now.
/// </summary>
public static class HandoffEndpoints
{
    public static IEndpointRouteBuilder MapHandoffEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("h").WithTags("Handoff").ExcludeFromDescription();
        group.MapGet("accept/{token}", (string token, TrackingService tracking) => Ask(token, tracking, TrackingKind.HandoffAccept));
        group.MapGet("reject/{token}", (string token, TrackingService tracking) => Ask(token, tracking, TrackingKind.HandoffReject));
        group.MapPost("accept/{token}", AcceptAsync).DisableAntiforgery();
        group.MapPost("reject/{token}", RejectAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Ask(string token, TrackingService tracking, TrackingKind kind)
    {
        if (tracking.Verify(token, kind) is null)
            return HtmlPage.InvalidLink();
        var action = kind == TrackingKind.HandoffAccept ? "accept" : "reject";
        return kind == TrackingKind.HandoffAccept
            ? HtmlPage.Render(StatusCodes.Status200OK, "Accept this lead",
                $"""<form method="post" action="/h/{action}/{HtmlPage.Encode(token)}"><p>You take this lead and will contact them.</p><button type="submit">Accept</button></form>""")
            : HtmlPage.Render(StatusCodes.Status200OK, "Reject this lead",
                $"""<form method="post" action="/h/{action}/{HtmlPage.Encode(token)}"><p><label for="reason">Why? (the lead goes back to nurturing)</label><br><textarea id="reason" name="reason" rows="3" cols="50" required></textarea></p><button type="submit">Reject</button></form>""");
    }

    private static async Task<IResult> AcceptAsync(string token, TrackingService tracking, HandoffActions actions, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.HandoffAccept) is not { } verified)
            return HtmlPage.InvalidLink();
        return Answer(await actions.AcceptAsync(verified.MessageId, "signed link", cancellationToken), "Lead accepted", "It is yours: the lead is now sales-accepted (SAL).");
    }

    private static async Task<IResult> RejectAsync(string token, HttpContext context, TrackingService tracking, HandoffActions actions, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.HandoffReject) is not { } verified)
            return HtmlPage.InvalidLink();
        var reason = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(cancellationToken))["reason"].ToString().Trim() : "";
        if (reason.Length == 0)
            return HtmlPage.Render(StatusCodes.Status400BadRequest, "A reason is needed", "<p>Say why the lead is rejected: marketing uses it.</p>");
        return Answer(await actions.RejectAsync(verified.MessageId, "signed link", reason, cancellationToken), "Lead rejected", "The lead goes back to nurturing.");
    }

    private static IResult Answer(HandoffOutcome outcome, string title, string text) => outcome switch
    {
        HandoffOutcome.Done => HtmlPage.Render(StatusCodes.Status200OK, title, $"<p>{HtmlPage.Encode(text)}</p>"),
        HandoffOutcome.AlreadyClosed => HtmlPage.Render(StatusCodes.Status409Conflict, "Already answered", "<p>This handoff was already accepted or rejected.</p>"),
        _ => HtmlPage.InvalidLink(),
    };
}
