using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Nurture.Server.Tests.Infrastructure;

public static partial class EmailLinks
{
    public static IReadOnlyList<string> Hrefs(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();

    public static IReadOnlyList<string> ImageSources(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("img[src]").Select(a => a.GetAttribute("src")!).ToList();

    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex("/t/[ocd]/|/u/")]
    public static partial Regex TrackingPath();
}
