using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Nurture.Core.Links;

namespace Nurture.Core.Messaging;

/// <summary>
/// Wraps outgoing http(s) links for click tracking, adds a hidden honeypot link for scanners and, unless
/// the lead turned it off, the open pixel. Our own URLs (unsubscribe, tracked downloads) are left as they
/// are, so an unsubscribe is never counted as a click.
/// </summary>
public sealed partial class LinkTracker(TrackingUrls urls)
{
    /// <summary>Changes the document in place (the renderer's, parsed once per email).</summary>
    public void Track(IDocument document, Guid messageId, Guid leadId, DateTimeOffset now, bool trackOpens)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var href = anchor.GetAttribute("href")!.Trim();
            if (IsTrackable(href))
                anchor.SetAttribute("href", urls.Click(messageId, leadId, href, now));
        }
        if (document.Body is { } hidden)
        {
            // People never see it; scanners that follow every link do, and mark themselves.
            var honeypot = document.CreateElement("a");
            honeypot.SetAttribute("href", urls.Honeypot(messageId, leadId, now));
            honeypot.SetAttribute("style", "display:none;font-size:0;line-height:0;max-height:0;overflow:hidden");
            honeypot.SetAttribute("aria-hidden", "true");
            honeypot.SetAttribute("tabindex", "-1");
            hidden.AppendChild(honeypot);
        }
        if (trackOpens && document.Body is { } body)
        {
            var pixel = document.CreateElement("img");
            pixel.SetAttribute("src", urls.Open(messageId, leadId, now));
            pixel.SetAttribute("width", "1");
            pixel.SetAttribute("height", "1");
            pixel.SetAttribute("alt", "");
            pixel.SetAttribute("style", "display:block;border:0;width:1px;height:1px");
            body.AppendChild(pixel);
        }
    }

    public string RewriteText(string text, Guid messageId, Guid leadId, DateTimeOffset now) =>
        UrlPattern().Replace(text, m => IsTrackable(m.Value) ? urls.Click(messageId, leadId, m.Value, now) : m.Value);

    private bool IsTrackable(string href) =>
        (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && Uri.IsWellFormedUriString(href, UriKind.Absolute)
        && !urls.IsOwnUrl(href);

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}
