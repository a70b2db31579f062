using AngleSharp.Html.Dom;

namespace Nurture.Core.Messaging;

/// <summary>
/// Moves &lt;style&gt; rules into style attributes (PreMailer.Net), as many mail clients drop style blocks.
/// Linked stylesheets are removed first: PreMailer would download them (http, ftp, even file:), which a
/// template must never be able to make the server do.
/// </summary>
public static class CssInliner
{
    /// <summary>Inlines in place: the caller goes on with the same document (one parse per email).</summary>
    public static void Inline(IHtmlDocument document, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(warnings);
        foreach (var link in document.QuerySelectorAll("link[rel~='stylesheet' i], link[href$='.css' i]").ToList())
        {
            warnings.Add($"linked stylesheet '{link.GetAttribute("href")}' was removed; put the rules in a <style> element");
            link.Remove();
        }
        // Not disposed: that would dispose the document, which is the caller's.
        var premailer = new PreMailer.Net.PreMailer(document, null);
        // removeStyleElements, ignoreElements, css, stripIdAndClassAttributes, removeComments, formatter, preserveMediaQueries
        var result = premailer.MoveCssInline(true, null, null, false, false, null, true);
        warnings.AddRange(result.Warnings);
    }
}
