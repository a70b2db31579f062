using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Scriban.Runtime;

namespace Nurture.Core.Messaging;

public sealed record RenderedEmail(string Subject, string? Preheader, string Html, string Text, IReadOnlyList<string> Warnings);

/// <summary>
/// Renders an email from its template: subject, preheader, the body inside its layout, partials, CSS
/// inlined, the preheader as the first (hidden) text, and a plain-text part (authored or generated).
/// The model factory gets <c>true</c> for the HTML model (values HTML-encoded) and <c>false</c> for text.
/// The HTML is parsed once: inlining, the preheader, the generated text and <c>finishHtml</c> (link
/// tracking) all work on the same document, which is written out once at the end.
/// </summary>
public sealed class EmailRenderer(TemplateStore templates, TemplateRenderer renderer)
{
    /// <summary>Gmail clips messages whose HTML passes about 102 KB, hiding the rest (unsubscribe link included).</summary>
    public const int GmailClipBytes = 102 * 1024;

    // One per thread: a parser carries a browsing context, which AngleSharp means for one page at a time;
    // emails render on several threads at once (the sweep's loops, previews).
    [ThreadStatic]
    private static HtmlParser? t_parser;

    private static HtmlParser Parser => t_parser ??= new HtmlParser();

    /// <param name="finishHtml">Last changes to the HTML, after the text part was taken from it.</param>
    public RenderedEmail Render(EmailTemplate template, Func<bool, ScriptObject> model, Action<IHtmlDocument>? finishHtml = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(model);
        var partials = templates.Partials;
        var layout = template.Layout is { } name ? templates.Layouts.GetValueOrDefault(name)
            ?? throw new TemplateRenderException($"{template.File}: layout '{name}' is not loaded.", null) : null;

        var subject = renderer.Render(template.Subject, model(false), template.File).Trim();
        var preheader = template.Preheader is { } p ? renderer.Render(p, model(false), template.File).Trim() : null;

        var htmlModel = model(true);
        var html = renderer.Render(template.Html, htmlModel, template.File, new PartialLoader(partials, html: true));
        if (layout is not null)
        {
            htmlModel["content"] = html;
            htmlModel["subject"] = WebUtility.HtmlEncode(subject);
            html = renderer.Render(layout.Html, htmlModel, layout.File, new PartialLoader(partials, html: true));
        }

        var warnings = new List<string>();
        using var document = Parser.ParseDocument(html);
        CssInliner.Inline(document, warnings);
        if (preheader is { Length: > 0 })
            AddPreheader(document, preheader);

        string text;
        if (template.Text is { } textTemplate)
        {
            var textModel = model(false);
            text = renderer.Render(textTemplate, textModel, template.File, new PartialLoader(partials, html: false));
            if (layout?.Text is { } textLayout)
            {
                textModel["content"] = text;
                textModel["subject"] = subject;
                text = renderer.Render(textLayout, textModel, layout.File, new PartialLoader(partials, html: false));
            }
        }
        else
        {
            text = HtmlToText.Convert(document);
        }

        finishHtml?.Invoke(document);
        html = "<!DOCTYPE html>\n" + document.DocumentElement.OuterHtml;
        if (System.Text.Encoding.UTF8.GetByteCount(html) > GmailClipBytes)
            warnings.Add($"the HTML is over {GmailClipBytes / 1024} KB: Gmail clips it and hides the rest (unsubscribe link included)");
        return new RenderedEmail(subject, preheader, html, text, warnings);
    }

    /// <summary>The preheader is the snippet inboxes show after the subject; hidden in the body itself.</summary>
    private static void AddPreheader(IHtmlDocument document, string preheader)
    {
        var hidden = document.CreateElement("div");
        hidden.SetAttribute("style", "display:none;max-height:0;overflow:hidden;mso-hide:all");
        hidden.TextContent = preheader;
        document.Body!.Prepend(hidden);
    }
}
