using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class EscapingTests(WebAppFixture app)
{
    private const string HostileName = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task A_lead_named_with_markup_is_shown_as_text_on_every_page_that_shows_it()
    {
        var leadId = await app.HandedOffLeadAsync(new
        {
            email = "hostile@example.com", firstName = HostileName, lastName = "Smith", company = "<script>alert(2)</script> Corp",
        });
        var seen = app.DialogsSeen.Count;

        var marketer = await app.SignInAsync(WebAppFixture.MarketerEmail, "/leads");
        await marketer.GetByLabel("Search").FillAsync("hostile@example.com");
        await AssertShownAsTextAsync(marketer, marketer.GetByRole(AriaRole.Link, new() { Name = $"{HostileName} Smith" }));

        await marketer.GotoAsync($"/leads/{leadId}");
        await AssertShownAsTextAsync(marketer, marketer.GetByTestId("lead-name"));
        await Expect(marketer.GetByText("<script>alert(2)</script> Corp", new() { Exact = true })).ToBeVisibleAsync();

        // The template preview for this lead: the model HTML-encodes lead fields.
        await marketer.GotoAsync("/templates/welcome");
        await marketer.GetByLabel("Preview for lead id").FillAsync(leadId.ToString());
        var preview = marketer.FrameLocator("[data-testid=preview-frame]");
        await Expect(preview.Locator("body")).ToContainTextAsync(HostileName);
        await Expect(preview.Locator("img[src=x]")).ToHaveCountAsync(0);

        var rep = await app.SignInAsync(WebAppFixture.SalesEmail);
        var row = rep.GetByTestId($"handoff-{leadId}");
        await AssertShownAsTextAsync(rep, row.GetByRole(AriaRole.Button, new() { Name = $"{HostileName} Smith" }));
        await row.GetByRole(AriaRole.Button, new() { Name = $"{HostileName} Smith" }).ClickAsync();
        await AssertShownAsTextAsync(rep, rep.GetByTestId("lead-name"));

        Assert.Equal(seen, app.DialogsSeen.Count);
    }

    [Fact]
    public async Task Payloads_stored_through_the_api_show_as_text_on_the_admin_and_lead_pages()
    {
        // What the hostile-input sweep stores: a user's name, an API key's name, a stage change's reason.
        (await app.Host.Client.PostAsync("/api/users", Json(new { email = "markup@example.com", displayName = HostileName, role = "marketer", password = "a long enough passphrase" }))).EnsureSuccessStatusCode();
        (await app.Host.Client.PostAsync("/api/keys", Json(new { name = HostileName, scopes = new[] { "reports:read" } }))).EnsureSuccessStatusCode();
        var leadId = await app.Host.CreateLeadAsync(new { email = "stage-markup@example.com", firstName = "Stage" });
        (await app.Host.Client.PostAsync($"/api/leads/{leadId}/stage", Json(new { stage = "Recycled", reason = "<script>alert(3)</script>" }))).EnsureSuccessStatusCode();
        var seen = app.DialogsSeen.Count;

        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/admin");
        await AssertShownAsTextAsync(admin, admin.GetByRole(AriaRole.Cell, new() { Name = HostileName, Exact = true }));
        await AssertShownAsTextAsync(admin, admin.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "reports:read" }));

        await admin.GotoAsync($"/leads/{leadId}");
        await Expect(admin.GetByText("<script>alert(3)</script>", new() { Exact = false }).First).ToBeVisibleAsync();
        Assert.Equal(seen, app.DialogsSeen.Count);
    }

    private static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static async Task AssertShownAsTextAsync(IPage page, ILocator element)
    {
        await Expect(element).ToContainTextAsync(HostileName);
        await Expect(page.Locator("img[src=x], img[src='x']")).ToHaveCountAsync(0);
        Assert.DoesNotContain("onerror=alert", await page.Locator("#root").InnerHTMLAsync() is var html && html.Contains("<img", StringComparison.Ordinal) ? html : "", StringComparison.Ordinal);
    }
}
