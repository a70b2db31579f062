using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Messaging;
using Nurture.Server.Tracking;
using Nurture.Server.WebApp;

namespace Nurture.Server.Pickup;

/// <summary>
/// Lists the .eml files of the pickup folder (the default delivery without SMTP), newest first, so a
/// newcomer can see and open what was "sent". Mapped only when no SMTP host is configured.
/// </summary>
public static partial class PickupEndpoints
{
    public static IEndpointRouteBuilder MapPickupEndpoints(this IEndpointRouteBuilder app)
    {
        // Emails hold leads' data and live signed links: only marketers (signed in) may browse them.
        var group = app.MapGroup("pickup").WithTags("Pickup").ExcludeFromDescription().RequireAuthorization(Accounts.Policies.Marketing);
        group.MapGet("", List);
        group.MapGet("{file}", ShowAsync);
        group.MapGet("{file}/raw", RawAsync);
        group.MapGet("{file}/html", HtmlAsync);
        return app;
    }

    private static IResult List(IOptions<EmailOptions> options)
    {
        var directory = new DirectoryInfo(options.Value.PickupDirectory);
        var files = directory.Exists ? directory.GetFiles("*.eml").OrderByDescending(f => f.Name).Take(500).ToList() : [];
        var rows = string.Concat(files.Select(file =>
        {
            using var stream = file.OpenRead();
            var headers = HeaderList.Load(stream);
            return $"<tr><td>{HtmlPage.Encode(headers[HeaderId.Date])}</td><td>{HtmlPage.Encode(headers[HeaderId.To])}</td>"
                + $"<td><a href=\"/pickup/{Uri.EscapeDataString(file.Name)}\">{HtmlPage.Encode(headers[HeaderId.Subject])}</a></td></tr>";
        }));
        return HtmlPage.Render(StatusCodes.Status200OK, "Pickup folder",
            files.Count == 0
                ? $"<p>No emails yet in {HtmlPage.Encode(directory.FullName)}.</p>"
                : $"<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>{rows}</tbody></table>");
    }

    /// <summary>
    /// One email: its links (only http and https ones as links: a template's <c>javascript:</c> link must not
    /// run on this origin, where a marketer is signed in), its HTML in a sandboxed frame, its text part.
    /// </summary>
    private static async Task<IResult> ShowAsync(string file, IOptions<EmailOptions> options, CancellationToken cancellationToken)
    {
        if (Resolve(file, options) is not { } path)
            return TypedResults.NotFound();

        var message = await LoadAsync(path, cancellationToken);
        var links = HtmlLinks.Of(message.HtmlBody);
        var linkList = string.Concat(links.Select(l => Core.Configuration.ValidatedOptionsRegistration.IsHttpUrl(l.Href)
            ? $"<li><a href=\"{HtmlPage.Encode(l.Href)}\" rel=\"noreferrer noopener\">{HtmlPage.Encode(l.Text)}</a></li>"
            : $"<li>{HtmlPage.Encode(l.Text)}: <code>{HtmlPage.Encode(l.Href)}</code> (not a web link: not linked)</li>"));
        var escaped = Uri.EscapeDataString(file);
        return HtmlPage.Render(StatusCodes.Status200OK, message.Subject ?? "(no subject)",
            $"<p>From {HtmlPage.Encode(message.From.ToString())} to {HtmlPage.Encode(message.To.ToString())}, {HtmlPage.Encode(message.Date.ToString("u"))}</p>"
            + $"<h2>Links</h2><ul>{linkList}</ul>"
            + (message.HtmlBody is null ? "" : $"<h2>As sent (images not loaded: the open pixel would count)</h2>"
                + $"<iframe sandbox src=\"/pickup/{escaped}/html\" title=\"The email as sent\" style=\"width:100%;height:32rem;border:1px solid #ddd\"></iframe>")
            + $"<h2>Text part</h2><pre style=\"white-space:pre-wrap\">{HtmlPage.Encode(message.TextBody)}</pre>"
            + $"<p><a href=\"/pickup/{escaped}/raw\">Raw message</a> · <a href=\"/pickup\">All emails</a></p>");
    }

    /// <summary>The email's HTML as sent, for the sandboxed frame; sandboxed by its policy too, should it be opened on its own.</summary>
    private static async Task<IResult> HtmlAsync(string file, IOptions<EmailOptions> options, CancellationToken cancellationToken)
    {
        if (Resolve(file, options) is not { } path)
            return TypedResults.NotFound();
        var message = await LoadAsync(path, cancellationToken);
        return Results.Content(message.HtmlBody ?? "", "text/html; charset=utf-8").With(SecurityHeaders.EmailPolicy);
    }

    private static async Task<IResult> RawAsync(string file, IOptions<EmailOptions> options, CancellationToken cancellationToken)
    {
        if (Resolve(file, options) is not { } path)
            return TypedResults.NotFound();
        using var raw = new MemoryStream();
        await (await LoadAsync(path, cancellationToken)).WriteToAsync(raw, cancellationToken);
        return TypedResults.Bytes(raw.ToArray(), "text/plain; charset=utf-8").With(SecurityHeaders.PagePolicy);
    }

    /// <summary>
    /// The message with the token of a rep's accept and reject links taken out: whoever browses the pickup folder
    /// must not answer a handoff for the rep (the links are bound to the rep, but carry no session of theirs).
    /// </summary>
    private static async Task<MimeMessage> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var message = await MimeMessage.LoadAsync(path, cancellationToken);
        foreach (var part in message.BodyParts.OfType<TextPart>())
        {
            var text = part.Text;
            var redacted = HandoffToken().Replace(text, "$1for-the-rep-only");
            if (redacted != text)
                part.Text = redacted;
        }
        return message;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(/h/(?:accept|reject)/)[A-Za-z0-9_.~%-]+")]
    private static partial System.Text.RegularExpressions.Regex HandoffToken();

    /// <summary>Only plain names of .eml files that are in the folder: no path can escape it.</summary>
    private static string? Resolve(string file, IOptions<EmailOptions> options)
    {
        var path = Path.Combine(Path.GetFullPath(options.Value.PickupDirectory), Path.GetFileName(file));
        return file.EndsWith(".eml", StringComparison.Ordinal) && Path.GetFileName(file) == file && File.Exists(path) ? path : null;
    }
}
