using AngleSharp.Html.Parser;

namespace Nurture.Core.Messaging;

/// <summary>The links of an email's HTML body, as a reader would see them.</summary>
public static class HtmlLinks
{
    public static IReadOnlyList<(string Text, string Href)> Of(string? html) =>
        new HtmlParser().ParseDocument(html ?? "").QuerySelectorAll("a[href]")
            .Select(a => (a.TextContent.Trim(), a.GetAttribute("href")!))
            .ToList();
}
