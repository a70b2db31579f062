using AngleSharp.Html.Parser;

namespace Nurture.Core.Messaging;

/// <summary>
/// Moves &lt;style&gt; rules into style attributes (PreMailer.Net), as many mail clients drop style blocks.
/// Linked stylesheets are removed first: PreMailer would download them (http, ftp, even file:), which a
/// template must never be able to make the server do.
/// </summary>
public static class CssInliner
{
    public static string Inline(string html, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        foreach (var link in document.QuerySelectorAll("link[rel~='stylesheet' i], link[href$='.css' i]").ToList())
        {
            warnings.Add($"linked stylesheet '{link.GetAttribute("href")}' was removed; put the rules in a <style> element");
            link.Remove();
        }
        using var premailer = new PreMailer.Net.PreMailer(document, null);
        // removeStyleElements, ignoreElements, css, stripIdAndClassAttributes, removeComments, formatter, preserveMediaQueries
        var result = premailer.MoveCssInline(true, null, null, false, false, null, true);
        warnings.AddRange(result.Warnings);
        return result.Html;
    }
}
