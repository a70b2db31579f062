using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Messaging;
using Nurture.Server.Tracking;

namespace Nurture.Server.Pickup;

/// <summary>
/// Lists the .eml files of the pickup folder (the default delivery without SMTP), newest first, so a
/// newcomer can see and open what was "sent". Mapped only when no SMTP host is configured.
/// </summary>
public static class PickupEndpoints
{
    public static IEndpointRouteBuilder MapPickupEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("pickup").WithTags("Pickup").ExcludeFromDescription();
        group.MapGet("", List);
        group.MapGet("{file}", Show);
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

    private static IResult Show(string file, IOptions<EmailOptions> options)
    {
        // Only plain names of files that are in the folder: no path can escape it.
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        var path = Path.Combine(directory, Path.GetFileName(file));
        if (!file.EndsWith(".eml", StringComparison.Ordinal) || Path.GetFileName(file) != file || !File.Exists(path))
            return TypedResults.NotFound();
        return TypedResults.PhysicalFile(path, "text/plain; charset=utf-8");
    }
}
