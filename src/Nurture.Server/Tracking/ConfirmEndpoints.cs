using Nurture.Core.Compliance;
using Nurture.Core.Links;
using Nurture.Core.Tracking;
using Nurture.Server.Limits;

namespace Nurture.Server.Tracking;

/// <summary>Double opt-in: GET asks (scanners open links too), POST confirms and records the evidence.</summary>
public static class ConfirmEndpoints
{
    public static IEndpointRouteBuilder MapConfirmEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("confirm").WithTags("Consent").ExcludeFromDescription().LimitBody(BodyLimits.Anonymous);
        group.MapGet("{token}", Ask);
        group.MapPost("{token}", ConfirmAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Ask(string token, TrackingService tracking) =>
        tracking.Verify(token, TrackingKind.ConfirmOptIn) is null
            ? HtmlPage.InvalidLink()
            : HtmlPage.Render(StatusCodes.Status200OK, "Confirm your subscription",
                $"""<form method="post" action="/confirm/{HtmlPage.Encode(token)}"><p>Please confirm that you want to receive our emails.</p><button type="submit">Yes, subscribe me</button></form>""");

    private static async Task<IResult> ConfirmAsync(string token, HttpContext context, TrackingService tracking, ConsentService consent, CancellationToken cancellationToken)
    {
        if (tracking.Verify(token, TrackingKind.ConfirmOptIn) is not { } verified)
            return HtmlPage.InvalidLink();
        return await consent.ConfirmAsync(verified, TrackingEndpoints.Hit(context), cancellationToken)
            ? HtmlPage.Render(StatusCodes.Status200OK, "Subscription confirmed", "<p>Thank you. You can change your choices from any of our emails.</p>")
            : HtmlPage.InvalidLink();
    }
}
