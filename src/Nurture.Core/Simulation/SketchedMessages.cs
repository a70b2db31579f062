using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Scriban;

namespace Nurture.Core.Simulation;

/// <summary>
/// The emails of a simulation: each template (and variant) is rendered for real once, for the first lead it
/// goes to, which checks it as a send would; every later email is a sketch of that one: its subject and the
/// links a prospect can follow, tracked for its own lead and message. Nobody reads these emails, and rendering
/// each in full (CSS inlining, MIME) would cost more than the rest of the run.
/// </summary>
public sealed partial class SketchedMessages(RenderedMarketingMessages real, TrackingUrls urls, TokenSigner signer) : IMarketingMessages
{
    private readonly ConcurrentDictionary<(string Name, Template Subject, Template? Preheader), Sketch> _sketches = new();

    public MimeMessage Build(EmailTemplate template, EmailContext context, Guid messageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var key = (template.Name, template.Subject, template.Preheader);
        if (!_sketches.TryGetValue(key, out var sketch))
        {
            var rendered = real.Build(template, context, messageId, now);
            _sketches.TryAdd(key, Sketch.Of(rendered, context, signer, now));
            return rendered;
        }

        var lead = context.Lead;
        var html = new StringBuilder("<html><body>");
        foreach (var target in sketch.Clicks)
            html.Append("<a href=\"").Append(urls.Click(messageId, lead.Id, target, now)).Append("\">link</a>");
        var download = sketch.Download ?? (sketch.DownloadsRecommended ? context.Recommended.FirstOrDefault()?.Asset.Name : null);
        if (download is not null)
            html.Append("<a href=\"").Append(urls.Download(messageId, lead.Id, download, now)).Append("\">download</a>");
        html.Append("</body></html>");
        var message = new MimeMessage { Subject = sketch.Subject, MessageId = MimeUtils.GenerateMessageId(), Body = new TextPart("html") { Text = html.ToString() } };
        message.To.Add(new MailboxAddress(lead.DisplayName, lead.Email));
        return message;
    }

    /// <summary>What the first rendering showed: its subject, the destinations of its tracked links, and its download (fixed, or the lead's recommendation).</summary>
    private sealed record Sketch(string Subject, IReadOnlyList<string> Clicks, string? Download, bool DownloadsRecommended)
    {
        public static Sketch Of(MimeMessage rendered, EmailContext context, TokenSigner signer, DateTimeOffset now)
        {
            var (clicks, download) = TrackedLinks(rendered.HtmlBody, signer, now);
            var recommended = download is not null && context.Recommended.FirstOrDefault()?.Asset.Name == download;
            return new Sketch(rendered.Subject ?? "", clicks, recommended ? null : download, recommended);
        }
    }

    /// <summary>The destinations of an email's tracked links, in order, and the asset of its first download link.</summary>
    public static (IReadOnlyList<string> Clicks, string? Download) TrackedLinks(string? html, TokenSigner signer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var clicks = new List<string>();
        string? download = null;
        foreach (Match href in Href().Matches(html ?? ""))
        {
            var (kind, token) = (href.Groups["kind"].Value, System.Net.WebUtility.HtmlDecode(href.Groups["token"].Value));
            if (kind == "c" && signer.TryVerify(token, TrackingKind.Click, now, out var click) && !clicks.Contains(click!.Target))
                clicks.Add(click.Target);
            else if (kind == "d" && download is null && signer.TryVerify(token, TrackingKind.Download, now, out var asset))
                download = asset!.Target;
        }
        return (clicks, download);
    }

    [GeneratedRegex("""href="[^"]*/t/(?<kind>[cd])/(?<token>[^"?#]+)""")]
    private static partial Regex Href();
}
