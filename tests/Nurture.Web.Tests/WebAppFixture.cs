using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Web.Tests;

/// <summary>
/// One real server (SQLite file, local SMTP server, a copy of the repository's templates and journeys)
/// and one Chromium for the web tests, which run one after another in a single collection; each test
/// opens its own browser context, so cookies never leak from one user to the next.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string AdminEmail = "admin@nurture.test";
    public const string MarketerEmail = "mia@marketing.test";
    public const string SalesEmail = NurtureTestHost.RepEmail;

    /// <summary>A sales user who manages team emea (the rep's team) in the routing, and answers none of its leads.</summary>
    public const string ManagerEmail = "manager@sales.test";

    private IPlaywright? _playwright;

    public TestStack Stack { get; private set; } = null!;
    public NurtureTestHost Host => Stack.Host;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots at the repository's root (CI keeps TestResults).</summary>
    public static string Screenshots { get; } = Path.Combine(Repository.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var home = RepositoryPaths.CopyHome(Path.Combine(Path.GetTempPath(), "nurture-tests", "web-" + Guid.NewGuid().ToString("N")));
        // Every lead goes to the rep, in team emea, which the manager manages.
        var routing = Path.Combine(home, "workflows", "sales", "routing-web.json");
        await File.WriteAllTextAsync(routing, $$"""
            { "reps": [ { "email": "{{SalesEmail}}" } ],
              "teams": [ { "name": "emea", "members": ["{{SalesEmail}}"], "manager": "{{ManagerEmail}}" } ],
              "rules": [ { "name": "everyone", "target": { "team": "emea" } } ] }
            """);
        Stack = await TestStack.StartAsync(configure: o => (o with { Home = home })
            .WithSetting("Sales:RoutingFile", routing)
            .WithSetting("Accounts:AdminEmail", AdminEmail)
            .WithSetting("Accounts:AdminPassword", Password));
        await CreateUserAsync(MarketerEmail, "Mia Marketer", "marketer");
        await CreateUserAsync(SalesEmail, "Sam Sales", "sales");
        await CreateUserAsync(ManagerEmail, "Max Manager", "sales");

        // A loaded CI machine parses the bundle and answers more slowly than a laptop: wait up to 15 s
        // for what a test expects to appear (it still fails fast when something else appears instead).
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NURTURE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Without these, Chromium keeps calling Google's services, which this closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Stack.DisposeAsync();
    }

    private async Task CreateUserAsync(string email, string name, string role)
    {
        var response = await Host.Client.PostAsJsonAsync("/api/users", new { email, displayName = name, role, password = Password });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A fresh browser context (no cookies) with a page whose script dialogs and uncaught errors are recorded.</summary>
    /// <param name="bypassCsp">Lets a test inject a script (axe-core) that the app's Content-Security-Policy would refuse.</param>
    public async Task<IPage> NewPageAsync(bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = bypassCsp,
            BaseURL = Host.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => DialogsSeen.Add($"{dialog.Type}: {dialog.Message} on {page.Url}");
        page.PageError += (_, error) => ScriptErrors.Add($"{page.Url}: {error}");
        return page;
    }

    /// <summary>Script dialogs (alert, confirm) any page opened: an injected script would show here.</summary>
    public List<string> DialogsSeen { get; } = [];

    /// <summary>Uncaught errors of the app's scripts on any page (a render loop, a failed effect): each is a bug.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> ScriptErrors { get; } = [];

    public async Task<IPage> SignInAsync(string email, string? landing = null, bool bypassCsp = false, string password = Password)
    {
        var page = await NewPageAsync(bypassCsp);
        await page.GotoAsync("/login" + (landing is null ? "" : $"?returnUrl={Uri.EscapeDataString(landing)}"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.Locator("header.top").WaitForAsync();
        return page;
    }

    /// <summary>A lead created through the API, handed to the sales rep by a form signal (worth 50 points, MQL at 15).</summary>
    public async Task<Guid> HandedOffLeadAsync(object lead)
    {
        var id = await Host.CreateLeadAsync(lead);
        await Host.WaitUntilProcessedAsync(await Host.SignalAsync(new { type = "form", leadId = id, properties = new { form = "contact" } }));
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            var list = await Host.Client.GetFromJsonAsync<JsonElement>($"/api/handoffs?rep={SalesEmail}");
            return list.GetProperty("handoffs").EnumerateArray().Any(h => h.GetProperty("leadId").GetGuid() == id);
        }, "the lead is handed to the rep");
        return id;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
