using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nurture.Core.Leads;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed partial class AdminAndImportTests(WebAppFixture app)
{
    [Fact]
    public async Task An_admin_adds_a_rep_whose_generated_password_is_shown_once_and_works()
    {
        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/admin");
        await admin.GetByLabel("Email").FillAsync("newrep@sales.test");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("New Rep");
        await admin.GetByLabel("Role").SelectOptionAsync("sales");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();

        var shown = admin.GetByRole(AriaRole.Status);
        await Expect(shown).ToContainTextAsync("Password for newrep@sales.test (shown once)");
        var password = GeneratedPassword().Match(await shown.InnerTextAsync()).Groups[1].Value;
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = "newrep@sales.test", Exact = true })).ToBeVisibleAsync();

        await admin.ReloadAsync();
        await Expect(admin.GetByText(password)).ToHaveCountAsync(0); // once means once

        var rep = await app.SignInAsync("newrep@sales.test", password: password);
        Assert.EndsWith("/inbox", rep.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_creates_a_key_with_the_scopes_ticked_and_it_can_do_only_that()
    {
        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/admin");
        await admin.GetByLabel("Key name").FillAsync("website form");
        var create = admin.GetByRole(AriaRole.Button, new() { Name = "Create key" });
        await Expect(create).ToBeDisabledAsync(); // no scope ticked yet
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "signals:write" }).CheckAsync();
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "leads:write" }).CheckAsync();
        await create.ClickAsync();

        var shown = admin.GetByRole(AriaRole.Status);
        await Expect(shown).ToContainTextAsync("API key \"website form\" (leads:write, signals:write; shown once)");
        var key = ShownKey().Match(await shown.InnerTextAsync()).Groups[1].Value;
        await Expect(admin.GetByText("website form · leads:write, signals:write")).ToBeVisibleAsync();

        using var form = new HttpClient { BaseAddress = app.Host.BaseAddress };
        form.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.True((await form.PostAsync("/api/leads", new StringContent("""{ "email": "form-key@example.com" }""", Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await form.GetAsync("/api/leads")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_routing_is_refused_with_its_errors_and_nothing_is_written()
    {
        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/admin");
        var routing = admin.GetByLabel("Routing (JSON)");
        await Expect(routing).ToHaveValueAsync(new Regex("slaMinutes"));
        var before = await routing.InputValueAsync();

        await routing.FillAsync("""{ "slaMinutes": 15, "rules": [ { "name": "x", "target": { "rep": "ghost@sales.test" } } ] }""");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save routing" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("ghost@sales.test");

        var stored = await app.Host.Client.GetStringAsync("/api/routing");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(before), System.Text.Json.Nodes.JsonNode.Parse(stored)),
            "the routing in force is the one shown before the refused save");
    }

    [Fact]
    public async Task A_marketer_imports_a_csv_maps_its_columns_and_follows_the_progress()
    {
        var marketer = await app.SignInAsync(WebAppFixture.MarketerEmail, "/leads");
        var csv = "Work email,First,Family name,Employer\nimported1@example.com,Ivy,One,Imports Ltd\nnot-an-email,Bad,Row,Nowhere\nimported2@example.com,Ian,Two,Imports Ltd\n";
        await marketer.GetByLabel("CSV file (first line: column names)").SetInputFilesAsync(new FilePayload
        {
            Name = "leads.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });

        // "First" is suggested; "Work email" and "Family name" are mapped by hand; "Employer" is left out.
        await Expect(marketer.GetByLabel("Field for First")).ToHaveValueAsync("firstName");
        await marketer.GetByLabel("Field for Work email").SelectOptionAsync("email");
        await marketer.GetByLabel("Field for Family name").SelectOptionAsync("lastName");
        await marketer.GetByRole(AriaRole.Button, new() { Name = "Import 3 lead(s)" }).ClickAsync();

        var progress = marketer.GetByRole(AriaRole.Status).Filter(new() { HasText = "created" });
        await Expect(progress).ToContainTextAsync("3 / 3");
        await Expect(progress).ToContainTextAsync("created 2");
        await Expect(progress).ToContainTextAsync("failed 1 · done");
        await Expect(progress).ToContainTextAsync("line 3, email:");

        await marketer.GetByLabel("Search").FillAsync("imported");
        await Expect(marketer.GetByRole(AriaRole.Link, new() { Name = "Ivy One" })).ToBeVisibleAsync();
        await Expect(marketer.GetByRole(AriaRole.Link, new() { Name = "Ian Two" })).ToBeVisibleAsync();
        await using var db = app.Host.CreateDbContext();
        Assert.Null(db.Leads.Single(l => l.Email == "imported1@example.com").Company); // the unmapped column
    }

    [GeneratedRegex(@"\(shown once\): (\S+)")]
    private static partial Regex GeneratedPassword();

    [GeneratedRegex(@"shown once\): (nk_\S+)")]
    private static partial Regex ShownKey();
}
