using System.Text.Json;
using Microsoft.Playwright;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Web.Tests;

/// <summary>
/// axe-core (the npm package the web app's build installs) scans each main page; serious and critical
/// violations fail the test with what and where. Screenshots of the main pages are kept as artefacts.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebAppFixture app)
{
    private static readonly string AxeScript = Path.Combine(Repository.Root, "src", "Nurture.Web", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task Main_pages_have_no_serious_or_critical_axe_violations_and_are_screenshotted()
    {
        var leadId = await app.HandedOffLeadAsync(new { email = "axe@example.com", firstName = "Axel", lastName = "Scan", company = "Audit Co", jobTitle = "CTO" });
        var problems = new List<string>();

        var anonymous = await app.NewPageAsync(bypassCsp: true);
        await anonymous.GotoAsync("/login");
        problems.AddRange(await ScanAsync(anonymous, "login", "h1"));

        var marketer = await app.SignInAsync(WebAppFixture.MarketerEmail, bypassCsp: true);
        foreach (var (path, ready, shot) in new (string, string, string?)[]
        {
            ("/dashboard", "#speed-h", "dashboard"),
            ("/journeys", "table", null),
            ("/journeys/welcome-nurture", "[data-testid=node-welcome]", "designer"),
            ("/templates", "table", null),
            ("/templates/welcome", "[data-testid=preview-subject]", null),
            ("/content", "#content-report-h", null),
            ("/forms", "table", null),
            ("/forms/demo-request", "#form-json", null),
            ("/leads", "table", null),
            ($"/leads/{leadId}", "#timeline-h", "lead-page"),
            ("/account", "#pw-current", null),
        })
        {
            await marketer.GotoAsync(path);
            problems.AddRange(await ScanAsync(marketer, path, ready));
            if (shot is not null)
                await marketer.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, $"{shot}.png"), FullPage = true });
        }

        var admin = await app.SignInAsync(WebAppFixture.AdminEmail, "/admin", bypassCsp: true);
        problems.AddRange(await ScanAsync(admin, "/admin", "form"));

        var rep = await app.SignInAsync(WebAppFixture.SalesEmail, bypassCsp: true);
        await rep.GetByTestId($"handoff-{leadId}").GetByRole(AriaRole.Button, new() { Name = "Axel Scan" }).ClickAsync();
        problems.AddRange(await ScanAsync(rep, "/inbox", "#timeline-h"));
        await rep.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, "inbox.png"), FullPage = true });

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        // Uncaught script errors on any page opened so far (a render loop in the designer was one).
        Assert.True(app.ScriptErrors.IsEmpty, string.Join(Environment.NewLine, app.ScriptErrors));
        foreach (var shot in new[] { "dashboard", "designer", "lead-page", "inbox" })
            Assert.True(new FileInfo(Path.Combine(WebAppFixture.Screenshots, $"{shot}.png")).Length > 10_000, $"{shot}.png was saved");
    }

    private static async Task<IEnumerable<string>> ScanAsync(IPage page, string name, string readySelector)
    {
        await page.Locator(readySelector).First.WaitForAsync();
        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document)).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))");
        return result.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{name}: {v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()} ({v.GetProperty("help").GetString()}) at {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")
            .ToList();
    }
}
