using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Content;

/// <summary>The library through its API: the shipped sidecars, an upload described then replaced (the first version kept), and bad metadata refused whole.</summary>
public sealed class ContentLibraryTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_uploaded_asset_is_described_and_replaced_with_its_earlier_version_kept(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var client = stack.Host.Client;

        var shipped = await client.GetFromJsonAsync<JsonElement>("/api/assets");
        var whitepaper = shipped.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "whitepaper-lead-nurturing.pdf");
        Assert.Equal(("The lead nurturing white paper", "whitepaper", "consideration", true), (whitepaper.GetProperty("title").GetString(),
            whitepaper.GetProperty("metadata").GetProperty("format").GetString(), whitepaper.GetProperty("metadata").GetProperty("stage").GetString(),
            whitepaper.GetProperty("hasFile").GetBoolean()));
        var page = shipped.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "routing-case-study");
        Assert.False(page.GetProperty("hasFile").GetBoolean()); // a page on the site, described by its sidecar alone

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/assets/routing-101.pdf/file", Bytes("first edition"))).StatusCode);
        var described = await client.PutAsync("/api/assets/routing-101.pdf/metadata", Json("""
            { "title": "Routing 101", "format": "ebook", "topics": ["routing"], "stage": "consideration", "gated": true }
            """));
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/api/assets/routing-101.pdf/file", Bytes("second edition"))).StatusCode);

        var detail = await client.GetFromJsonAsync<JsonElement>("/api/assets/routing-101.pdf");
        Assert.Equal("Routing 101", detail.GetProperty("title").GetString());
        Assert.Equal([2, 1], detail.GetProperty("fileVersions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([14, 13], detail.GetProperty("fileVersions").EnumerateArray().Select(v => v.GetProperty("size").GetInt32()));
        Assert.Equal("second edition", await client.GetStringAsync("/api/assets/routing-101.pdf/file"));
        Assert.Equal("first edition", await client.GetStringAsync("/api/assets/routing-101.pdf/file?version=1"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/assets/routing-101.pdf/file?version=3")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Bad_metadata_is_refused_with_each_field_named_and_nothing_is_stored(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var client = stack.Host.Client;

        var refused = await client.PutAsync("/api/assets/whitepaper-lead-nurturing.pdf/metadata", Json("""
            { "title": "Renamed", "topics": ["Lead Scoring", "routing", "routing"], "url": "ftp://example.com/x" }
            """));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains("topics[0]: 'Lead Scoring' must be lower-case words", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("topics: 'routing' is listed twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("url: 'ftp://example.com/x' must be an absolute http(s) address", StringComparison.Ordinal));

        var unknownStage = await client.PutAsync("/api/assets/whitepaper-lead-nurturing.pdf/metadata", Json("""{ "stage": "later" }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownStage.StatusCode);
        Assert.Contains("$.stage", await unknownStage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var pageWithoutAddress = await client.PutAsync("/api/assets/new-blog-post/metadata", Json("""{ "format": "blog" }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pageWithoutAddress.StatusCode);
        Assert.Contains("url: no file has this name", await pageWithoutAddress.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync("/api/assets/..%2Fescape/file", Bytes("x"))).StatusCode);
        var unchanged = await client.GetFromJsonAsync<JsonElement>("/api/assets/whitepaper-lead-nurturing.pdf");
        Assert.Equal("The lead nurturing white paper", unchanged.GetProperty("title").GetString());
        Assert.Single(unchanged.GetProperty("metadataVersions").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/assets/new-blog-post")).StatusCode);
    }

    private static ByteArrayContent Bytes(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
