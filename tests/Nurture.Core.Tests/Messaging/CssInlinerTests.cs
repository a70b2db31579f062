using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Parser;
using Nurture.Core.Messaging;

namespace Nurture.Core.Tests.Messaging;

public sealed class CssInlinerTests
{
    [Fact]
    public void Style_rules_move_into_attributes_and_the_style_block_goes()
    {
        var warnings = new List<string>();

        var html = Inline("<html><head><style>p.lead { color: #c00; }</style></head><body><p class=\"lead\">Hi</p></body></html>", warnings);

        Assert.Contains("style=\"color: #c00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style>", html, StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Linked_stylesheets_are_removed_and_never_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var warnings = new List<string>();

        var html = Inline($"<html><head><link rel=\"stylesheet\" href=\"http://127.0.0.1:{port}/evil.css\"><link rel=\"stylesheet\" href=\"file:///etc/passwd\"></head><body><p>x</p></body></html>", warnings);

        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Equal(2, warnings.Count(w => w.Contains("linked stylesheet", StringComparison.Ordinal)));
        // Inlining is synchronous: a fetch would have connected before it returned, and would wait in the backlog.
        Assert.False(listener.Pending());
    }

    private static string Inline(string html, List<string> warnings)
    {
        using var document = new HtmlParser().ParseDocument(html);
        CssInliner.Inline(document, warnings);
        return document.DocumentElement.OuterHtml;
    }
}
