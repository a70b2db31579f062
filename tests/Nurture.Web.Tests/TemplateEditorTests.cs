using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class TemplateEditorTests(WebAppFixture app)
{
    [Fact]
    public async Task The_preview_follows_each_edit_and_a_syntax_error_shows_its_line_and_column()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/templates/welcome");
        var source = page.GetByLabel("HTML (with front matter)");
        var subject = page.GetByTestId("preview-subject");
        await Expect(subject).Not.ToBeEmptyAsync();
        var original = await source.InputValueAsync();

        // An edit to the subject line re-renders the preview (nothing is saved).
        var edited = System.Text.RegularExpressions.Regex.Replace(original, "(?m)^subject: .*$", "subject: Edited in the browser for {{ lead.first_name }}");
        Assert.NotEqual(original, edited);
        await source.FillAsync(edited);
        await Expect(subject).ToContainTextAsync("Edited in the browser for Ada");
        await Expect(page.GetByTestId("preview-frame")).ToBeVisibleAsync();

        // A broken tag on a known line: the error names welcome.html with that line and a column.
        var lines = edited.Split('\n').ToList();
        lines.Insert(lines.Count - 1, "<p>{{ if lead.first_name }}never closed</p>");
        var brokenLine = lines.Count - 1;
        await source.FillAsync(string.Join('\n', lines));
        var error = page.GetByRole(AriaRole.List, new() { Name = "Template errors" }).Locator("li").First;
        await Expect(error).ToContainTextAsync(new System.Text.RegularExpressions.Regex($@"welcome\.html:{brokenLine}:\d+"));

        // Fixing it clears the error and the preview comes back.
        await source.FillAsync(edited);
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Template errors" })).ToHaveCountAsync(0);
        await Expect(subject).ToContainTextAsync("Edited in the browser for Ada");
        Assert.Equal(original.ReplaceLineEndings(), (await File.ReadAllTextAsync(Path.Combine(app.Host.Service<Nurture.Server.Startup.NurturePaths>().Templates, "welcome.html"))).ReplaceLineEndings());
    }

    [Fact]
    public async Task A_new_template_is_created_from_the_list_previewed_and_saved()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/templates");
        await page.GetByLabel("Name").FillAsync("spring-offer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/templates/spring-offer", StringComparison.Ordinal));

        await page.GetByLabel("HTML (with front matter)").FillAsync("---\nsubject: Spring offer for {{ lead.company }}\n---\n<p>Hello {{ lead.first_name }}</p>\n");
        await Expect(page.GetByTestId("preview-subject")).ToContainTextAsync("Spring offer for Analytical Engines Ltd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        var stored = await app.Host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/templates/spring-offer");
        Assert.Contains("Spring offer for {{ lead.company }}", stored.GetProperty("html").GetString(), StringComparison.Ordinal);
        await page.GotoAsync("/templates");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "spring-offer" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_test_send_reaches_the_smtp_server_marked_as_a_test()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/templates/nudge");
        await Expect(page.GetByTestId("preview-subject")).Not.ToBeEmptyAsync();
        await page.GetByLabel("Send a test to").FillAsync("proof@marketing.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test-send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test email queued to proof@marketing.test");

        var email = await app.Stack.Smtp!.WaitForAsync("proof@marketing.test", "[Test]");
        Assert.StartsWith("[Test] ", email.Message.Subject, StringComparison.Ordinal);
    }
}
