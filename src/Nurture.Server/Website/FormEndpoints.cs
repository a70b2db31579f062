using Microsoft.Extensions.Options;
using Nurture.Core.Forms;
using Nurture.Core.Website;
using Nurture.Server.Limits;
using Nurture.Server.Tracking;

namespace Nurture.Server.Website;

/// <summary>
/// Embeddable forms: the fields as JSON for the script (<c>nurture('form', …)</c>), a plain HTML page that
/// works without JavaScript (a link or an iframe), and the one public route both post to, answering JSON to
/// the script and a page to a browser. Pages of the sites' origins may call them; no other origin.
/// </summary>
public static class FormEndpoints
{
    public static IEndpointRouteBuilder MapFormEndpoints(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("f").ExcludeFromDescription().AllowAnonymous().LimitBody(BodyLimits.Anonymous);
        forms.MapGet("{form}/fields", FieldsAsync);
        forms.MapGet("{form}", PageAsync);
        forms.MapPost("{form}", SubmitAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> FieldsAsync(string form, Guid? visitor, HttpContext context, FormSubmissions submissions, IOptions<WebsiteOptions> options, CancellationToken cancellationToken)
    {
        AllowSiteOrigin(context, options.Value);
        if (await submissions.ShowAsync(form, visitor, cancellationToken) is not { } shown)
            return NoSuchForm(form);
        context.Response.Headers.CacheControl = "no-store";
        var definition = shown.Form;
        return TypedResults.Json(new
        {
            title = definition.Title,
            fields = shown.Fields.Select(f => new { name = f.Name, label = f.Label, type = f.Type.ToString().ToLowerInvariant(), required = f.Required, options = f.Options }),
            hidden = definition.Hidden,
            submit = definition.Submit,
            consent = definition.Consent is { } consent ? new { text = consent.Text, version = consent.Version, required = consent.Required } : null,
            honeypot = FormSubmission.Honeypot,
            token = shown.Token,
        });
    }

    private static async Task<IResult> PageAsync(string form, Guid? visitor, HttpContext context, FormSubmissions submissions, IOptions<WebsiteOptions> options, CancellationToken cancellationToken)
    {
        if (await submissions.ShowAsync(form, visitor, cancellationToken) is not { } shown)
            return NoSuchFormPage();
        var values = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (visitor is { } id)
            values[FormSubmission.Visitor] = id.ToString();
        return FormPage.Form(form, shown.Form, shown.Fields, shown.Token, values, new Dictionary<string, string>(), null, options.Value, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync(string form, HttpContext context, FormSubmissions submissions, IOptions<WebsiteOptions> options, CancellationToken cancellationToken)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var json = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        // A browser's form post from another site names it; "null" is this server's own page (sent without referrer).
        // Scripts that send no Origin at all still meet the token, the fill time and the honeypot.
        if (origin.Length > 0 && origin != "null" && !IsOwnOrigin(context, origin) && !options.Value.IsSiteOrigin(origin))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This origin is not one of the sites' (Website:Sites).");
        AllowSiteOrigin(context, options.Value);
        if (!context.Request.HasFormContentType)
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Post the form as application/x-www-form-urlencoded or multipart/form-data.");
        var posted = await context.Request.ReadFormAsync(cancellationToken);
        var values = posted.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var outcome = await submissions.SubmitAsync(new FormSubmission(form, values, TrackingEndpoints.Hit(context)), cancellationToken);
        return (outcome, json) switch
        {
            (FormOutcome.NotFound, true) => NoSuchForm(form),
            (FormOutcome.NotFound, false) => NoSuchFormPage(),
            (FormOutcome.Accepted accepted, true) => TypedResults.Json(new { thankYou = accepted.ThankYou, redirect = accepted.Redirect, download = accepted.Download, asset = accepted.Asset }),
            (FormOutcome.Accepted { Redirect: { } redirect }, false) => TypedResults.Redirect(redirect),
            (FormOutcome.Accepted accepted, false) => FormPage.Thanks(accepted, options.Value),
            (FormOutcome.Invalid invalid, true) => TypedResults.Json(new { errors = invalid.Errors, formError = invalid.FormError, token = invalid.NewToken },
                statusCode: StatusCodes.Status422UnprocessableEntity),
            (FormOutcome.Invalid invalid, false) => await InvalidPageAsync(form, invalid, values, submissions, options.Value, cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
        };
    }

    /// <summary>The page again, with what was typed, an error beside each field, and a token still valid.</summary>
    private static async Task<IResult> InvalidPageAsync(string form, FormOutcome.Invalid invalid, Dictionary<string, string> values, FormSubmissions submissions,
        WebsiteOptions options, CancellationToken cancellationToken)
    {
        var visitor = Guid.TryParse(values.GetValueOrDefault(FormSubmission.Visitor), out var id) ? id : (Guid?)null;
        var shown = (await submissions.ShowAsync(form, visitor, cancellationToken))!.Value;
        var token = invalid.NewToken ?? values.GetValueOrDefault(FormSubmission.Token) ?? shown.Token;
        return FormPage.Form(form, shown.Form, shown.Fields, token, values, invalid.Errors, invalid.FormError, options, StatusCodes.Status422UnprocessableEntity);
    }

    private static IResult NoSuchForm(string form) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No form is named '{form}'.");

    private static IResult NoSuchFormPage() =>
        HtmlPage.Render(StatusCodes.Status404NotFound, "No such form", "<p>This form does not exist.</p>");

    private static bool IsOwnOrigin(HttpContext context, string origin) =>
        string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase);

    private static void AllowSiteOrigin(HttpContext context, WebsiteOptions options)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (options.IsSiteOrigin(origin))
            Cors.Allow(context, origin);
    }
}
