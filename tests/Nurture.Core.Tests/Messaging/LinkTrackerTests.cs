using Microsoft.Extensions.Options;
using Nurture.Core.Links;
using Nurture.Core.Messaging;

namespace Nurture.Core.Tests.Messaging;

public sealed class LinkTrackerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TrackingUrls _urls;
    private readonly LinkTracker _tracker;
    private readonly TokenSigner _signer = TokenSigner.WithKey("a-signing-key-of-at-least-thirty-two-chars");

    public LinkTrackerTests()
    {
        _urls = new TrackingUrls(_signer, Options.Create(new TrackingOptions()), PublicAddress.Of(new Uri("https://mail.example.org")));
        _tracker = new LinkTracker(_urls);
    }

    [Fact]
    public void External_links_are_wrapped_own_links_and_other_schemes_are_not_and_a_pixel_is_added()
    {
        var messageId = Guid.NewGuid();
        var leadId = Guid.NewGuid();
        var unsubscribe = _urls.Unsubscribe(messageId, leadId, Now);
        var html = $"""<html><body><a href="https://example.com/pricing">Pricing</a> <a href="{unsubscribe}">Unsubscribe</a> <a href="mailto:hi@example.com">Mail</a></body></html>""";

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

        _tracker.Track(document, messageId, leadId, Now, trackOpens: true);

        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.StartsWith("https://mail.example.org/t/c/", hrefs[0], StringComparison.Ordinal);
        Assert.Equal(unsubscribe, hrefs[1]);
        Assert.Equal("mailto:hi@example.com", hrefs[2]);
        var pixel = Assert.Single(document.QuerySelectorAll("img"));
        Assert.StartsWith("https://mail.example.org/t/o/", pixel.GetAttribute("src"), StringComparison.Ordinal);

        Assert.True(_signer.TryVerify(hrefs[0]!["https://mail.example.org/t/c/".Length..], TrackingKind.Click, Now, out var token));
        Assert.Equal(("https://example.com/pricing", messageId, leadId), (token!.Target, token.MessageId, token.LeadId));
    }

    [Fact]
    public void Links_in_the_text_part_are_wrapped_too()
    {
        var text = _tracker.RewriteText("See https://example.com/demo now.", Guid.NewGuid(), Guid.NewGuid(), Now);

        Assert.Matches(@"^See https://mail\.example\.org/t/c/\S+ now\.$", text);
    }
}
