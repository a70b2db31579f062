using System.Text;
using Nurture.Core.Forms;
using Nurture.Core.Website;
using Nurture.Server.Tracking;

namespace Nurture.Server.Website;

/// <summary>
/// A form as a plain HTML page, for a link or an iframe on the site: no script, every value encoded, an
/// error beside each field it concerns. It may be framed by the sites' origins and by nobody else.
/// </summary>
public static class FormPage
{
    public static IResult Form(string name, FormDefinition form, IReadOnlyList<FormField> fields, string token, IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> errors, string? formError, WebsiteOptions options, int statusCode)
    {
        var e = HtmlPage.Encode;
        var html = new StringBuilder();
        html.Append($"""<form method="post" action="/f/{e(name)}" novalidate>""");
        if (formError is not null)
            html.Append($"""<p class="form-error" role="alert">{e(formError)}</p>""");
        foreach (var field in fields)
            html.Append(Field(name, field, values.GetValueOrDefault(field.Name), errors.GetValueOrDefault(field.Name)));
        if (form.Consent is { } consent)
        {
            var id = $"{name}-consent";
            var ticked = values.GetValueOrDefault(FormSubmission.Consent) is "true" or "on" ? " checked" : "";
            html.Append($"""<p data-field="{FormSubmission.Consent}"><input type="checkbox" id="{e(id)}" name="{FormSubmission.Consent}" value="true"{ticked}> <label for="{e(id)}">{e(consent.Text)}</label>""");
            html.Append(Error(id, errors.GetValueOrDefault(FormSubmission.Consent))).Append("</p>");
        }
        foreach (var hidden in form.Hidden)
            html.Append(Hidden(hidden, values.GetValueOrDefault(hidden)));
        html.Append(Hidden(FormSubmission.Token, token));
        html.Append(Hidden(FormSubmission.Visitor, values.GetValueOrDefault(FormSubmission.Visitor)));
        html.Append(Hidden(FormSubmission.Page, values.GetValueOrDefault(FormSubmission.Page)));
        // The honeypot: off-screen and out of the tab order; a person never fills it.
        html.Append($"""<div aria-hidden="true" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden"><input type="text" name="{FormSubmission.Honeypot}" tabindex="-1" autocomplete="off"></div>""");
        html.Append($"""<p><button type="submit">{e(form.Submit)}</button></p></form>""");
        return Page(statusCode, form.Title.Length > 0 ? form.Title : name, html.ToString(), options);
    }

    public static IResult Thanks(FormOutcome.Accepted accepted, WebsiteOptions options)
    {
        var body = $"""<p class="thanks" role="status">{HtmlPage.Encode(accepted.ThankYou)}</p>""";
        if (accepted.Download is { } download)
            body += $"""<p><a class="download" href="{HtmlPage.Encode(download)}">Download {HtmlPage.Encode(accepted.Asset)}</a></p>""";
        return Page(StatusCodes.Status200OK, "Thank you", body, options);
    }

    private static string Field(string form, FormField field, string? value, string? error)
    {
        var e = HtmlPage.Encode;
        var id = $"{form}-{field.Name}";
        var required = field.Required ? " required aria-required=\"true\"" : "";
        var invalid = error is null ? "" : " aria-invalid=\"true\"";
        var attributes = $"""id="{e(id)}" name="{e(field.Name)}" aria-describedby="{e(id)}-error"{required}{invalid}""";
        var input = field.Type switch
        {
            FormFieldType.Select => $"""<select {attributes}><option value=""></option>{string.Concat(field.Options.Select(o => $"""<option{(o == value ? " selected" : "")}>{e(o)}</option>"""))}</select>""",
            FormFieldType.Textarea => $"""<textarea {attributes}>{e(value)}</textarea>""",
            FormFieldType.Checkbox => $"""<input type="checkbox" value="true"{(value is "true" or "on" ? " checked" : "")} {attributes}>""",
            _ => $"""<input type="{field.Type.ToString().ToLowerInvariant()}" value="{e(value)}" maxlength="{field.EffectiveMaxLength}" {attributes}>""",
        };
        var label = $"""<label for="{e(id)}">{e(field.Label)}{(field.Required ? " *" : "")}</label>""";
        return $"""<p data-field="{e(field.Name)}">{label}<br>{input}{Error(id, error)}</p>""";
    }

    private static string Error(string id, string? error) =>
        $"""<span class="error" id="{HtmlPage.Encode(id)}-error" role="alert" style="color:#b00020;display:block">{HtmlPage.Encode(error)}</span>""";

    private static string Hidden(string name, string? value) =>
        $"""<input type="hidden" name="{HtmlPage.Encode(name)}" value="{HtmlPage.Encode(value)}">""";

    /// <summary>
    /// Like <see cref="HtmlPage.Render"/> (no script runs, forms post here) but framable by the sites'
    /// origins, whose pages embed it in an iframe.
    /// </summary>
    private static IResult Page(int statusCode, string title, string body, WebsiteOptions options) =>
        new Framable(HtmlPage.Render(statusCode, title, body), string.Join(' ', options.Sites.SelectMany(s => s.NormalizedOrigins).Distinct()));

    private sealed class Framable(IResult page, string origins) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.OnStarting(() =>
            {
                var headers = httpContext.Response.Headers;
                headers.Remove("X-Frame-Options");
                headers.ContentSecurityPolicy =
                    $"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self' {origins}".TrimEnd();
                return Task.CompletedTask;
            });
            await page.ExecuteAsync(httpContext);
        }
    }
}
