using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>The Content and Forms pages in Chromium: upload, describe and replace an asset; create and edit a form.</summary>
[Collection(WebCollection.Name)]
public sealed class ContentAndFormsTests(WebAppFixture app)
{
    [Fact]
    public async Task A_marketer_uploads_describes_and_replaces_an_asset_and_reads_the_content_report()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/content");
        var library = page.GetByRole(AriaRole.Table, new() { Name = "Content library" });
        await Expect(library).ToContainTextAsync("The lead nurturing white paper");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Content by funnel stage" })).ToBeVisibleAsync();

        await page.GetByLabel("Upload a file").SetInputFilesAsync(File("pricing-guide.pdf", "first edition"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Uploaded pricing-guide.pdf (version 1).");

        // A topic that is not lower-case words is refused, named, and nothing is stored.
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("The pricing guide");
        await page.GetByLabel("Format", new() { Exact = true }).SelectOptionAsync("ebook");
        await page.GetByLabel("Funnel stage", new() { Exact = true }).SelectOptionAsync("decision");
        await page.GetByLabel("Topics (comma-separated)").FillAsync("pricing, Return On Investment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save metadata" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Metadata errors" })).ToContainTextAsync("topics[1]: 'Return On Investment' must be lower-case words");

        await page.GetByLabel("Topics (comma-separated)").FillAsync("pricing, roi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save metadata" }).ClickAsync();
        await Expect(library.GetByRole(AriaRole.Row).Filter(new() { HasText = "pricing-guide.pdf" })).ToContainTextAsync("The pricing guide");
        await Expect(library.GetByRole(AriaRole.Row).Filter(new() { HasText = "pricing-guide.pdf" })).ToContainTextAsync("pricing, roi");

        await page.GetByLabel("Replace the file").SetInputFilesAsync(File("pricing-guide.pdf", "second, longer edition"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Replace", Exact = true }).ClickAsync();
        var versions = page.GetByRole(AriaRole.List, new() { Name = "File versions" }).Locator("li");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(versions.First).ToContainTextAsync("version 2: 22 bytes");

        var stored = await app.Host.Client.GetFromJsonAsync<JsonElement>("/api/assets/pricing-guide.pdf");
        Assert.Equal(("decision", "ebook"), (stored.GetProperty("metadata").GetProperty("stage").GetString(), stored.GetProperty("metadata").GetProperty("format").GetString()));
        Assert.Equal("first edition", await app.Host.Client.GetStringAsync("/api/assets/pricing-guide.pdf/file?version=1"));
        Assert.Equal("second, longer edition", await app.Host.Client.GetStringAsync("/api/assets/pricing-guide.pdf/file"));
    }

    [Fact]
    public async Task A_marketer_creates_a_form_sees_its_errors_by_field_and_the_page_as_visitors_see_it()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/forms");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "demo-request" })).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("webinar-signup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/forms/webinar-signup", StringComparison.Ordinal));

        var source = page.GetByLabel("forms/webinar-signup.json");
        var json = await source.InputValueAsync();
        await source.FillAsync(json.Replace("\"label\": \"Work email\"", "\"label\": \"\"", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Form errors" })).ToContainTextAsync("forms/webinar-signup.json: fields[0].label: a label is required.");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Host.Client.GetAsync("/api/forms/webinar-signup")).StatusCode);

        await source.FillAsync(json.Replace("Work email", "Email for the webinar link", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved as version 1.");
        await Expect(page.FrameLocator("iframe[title='Form page']").GetByLabel("Email for the webinar link")).ToBeVisibleAsync();

        // Someone else saves meanwhile: this editor's next save is refused, not written over theirs.
        var theirs = json.Replace("Work email", "Their label", StringComparison.Ordinal);
        (await app.Host.Client.PutAsync("/api/forms/webinar-signup?expectedVersion=1", new StringContent(theirs, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Someone saved this form meanwhile: reload it to see their version.");
        Assert.Contains("Their label", (await app.Host.Client.GetFromJsonAsync<JsonElement>("/api/forms/webinar-signup")).GetProperty("json").GetString(), StringComparison.Ordinal);
    }

    private static FilePayload File(string name, string content) =>
        new() { Name = name, MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes(content) };
}
