using System.Text;
using AngleSharp.Dom;

namespace Nurture.Core.Messaging;

/// <summary>
/// The plain-text part for templates that do not author one: paragraphs and line breaks kept, links written
/// as "text (url)" so they stay usable (and trackable), hidden elements (preheader, pixel) left out.
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
        { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote", "section", "article", "header", "footer" };

    public static string Convert(IDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        if (document.Body is { } body)
            Append(body, text);
        var lines = text.ToString().Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return CollapseBlankLines(lines).Trim() + "\n";
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data.Replace('\n', ' ').Replace('\r', ' '));
                continue;
            }
            if (child is not IElement element || IsHidden(element))
                continue;
            switch (element.LocalName)
            {
                case "br":
                    text.Append('\n');
                    break;
                case "li":
                    text.Append("\n- ");
                    Append(element, text);
                    break;
                case "a" when element.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#'):
                    var label = element.TextContent.Trim();
                    text.Append(label.Length == 0 || label == href ? href : $"{label} ({href})");
                    break;
                case "style" or "script" or "head" or "title":
                    break;
                default:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                        text.Append("\n\n");
                    Append(element, text);
                    if (block)
                        text.Append("\n\n");
                    break;
            }
        }
    }

    private static bool IsHidden(IElement element) =>
        (element.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase)
        || element.HasAttribute("hidden");

    private static string CollapseBlankLines(IEnumerable<string> lines)
    {
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            blank = line.Length == 0 ? blank + 1 : 0;
            if (blank <= 1)
                result.Append(line).Append('\n');
        }
        return result.ToString();
    }
}
