using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Core.Website;
using Nurture.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>
/// The company's site as a real browser sees it: a test site on another origin (its own HTTP server) embeds
/// /w.js and a form from the real server; page views, the join after a tracked click, the embedded form, the
/// plain HTML form without JavaScript, bots turned away, and consent mode.
/// </summary>
public sealed class WebsiteTests : IAsyncLifetime
{
    private const string Site = "acme";
    private WebApplication _site = null!;
    private string _nurture = "";
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public string SiteOrigin { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // The company's site: a page that includes the snippet and, on /guide, the embedded form.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _site = builder.Build();
        _site.MapGet("/{**path}", (string? path) => Results.Content($$"""
            <!DOCTYPE html><html><head><title>Acme {{path}}</title>
            <script>window.nurture = window.nurture || function () { (nurture.q = nurture.q || []).push(arguments); };</script>
            <script async src="{{_nurture}}/w.js" data-site="{{Site}}"></script></head>
            <body><h1>Acme {{path}}</h1><div id="form"></div>
            {{(path == "guide" ? "<script>nurture('form', 'lead-nurturing-guide', '#form');</script>" : "")}}</body></html>
            """, "text/html"));
        await _site.StartAsync();
        SiteOrigin = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NURTURE_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _site.DisposeAsync();
    }

    private async Task<TestStack> StartNurtureAsync(bool requireConsent = false)
    {
        var stack = await TestStack.StartAsync(configure: o => o.WithSetting("Website:Sites:0:Key", Site)
            .WithSetting("Website:Sites:0:Origins:0", SiteOrigin).WithSetting("Website:RequireConsent", requireConsent ? "true" : "false"));
        _nurture = stack.Host.BaseAddress.ToString().TrimEnd('/');
        return stack;
    }

    private async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        // A person's browser: headless Chromium's own agent says "HeadlessChrome", which is labelled a bot.
        var context = await _browser.NewContextAsync(new() { UserAgent = NurtureTestHost.BrowserAgent, JavaScriptEnabled = javaScript });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Page_views_join_the_lead_after_a_tracked_click_and_the_embedded_form_unlocks_the_asset()
    {
        await using var stack = await StartNurtureAsync();
        var host = stack.Host;
        var page = await NewPageAsync();
        await page.GotoAsync($"{SiteOrigin}/pricing");
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.WebsiteHits.AnyAsync(h => h.Type == SignalTypes.PageView && h.PropertiesJson!.Contains("/pricing"));
        }, "the anonymous page view");
        var visitor = (await page.Context.CookiesAsync()).Single(c => c.Name == "_nurture_vid").Value;

        // The tracked click's landing: the token ties this browser to the lead, then leaves the address bar.
        var leadId = await host.CreateLeadAsync(new { email = "browser@example.com", firstName = "Bea" });
        await page.GotoAsync(host.Service<VisitorLinks>().Decorate(new Uri($"{SiteOrigin}/welcome"), leadId).AbsoluteUri);
        await page.WaitForURLAsync(url => !url.Contains(VisitorLinks.Parameter, StringComparison.Ordinal));
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Signals.CountAsync(s => s.LeadId == leadId && s.Type == SignalTypes.PageView) == 2;
        }, "both page views on the lead's timeline");
        await using (var db = host.CreateDbContext())
            Assert.Equal(leadId, (await db.Visitors.SingleAsync(v => v.Id == Guid.Parse(visitor))).LeadId);

        // The embedded form, for a new visitor (the known one would be asked other fields): errors beside
        // their fields, then the thank-you with the unlocked asset.
        page = await NewPageAsync();
        await page.GotoAsync($"{SiteOrigin}/guide");
        await page.GetByRole(AriaRole.Button, new() { Name = "Download the white paper" }).ClickAsync();
        await Expect(page.Locator("[data-field=firstName] .nurture-error")).ToHaveTextAsync("First name is required.");
        await Expect(page.Locator("[data-field=nurture_consent] .nurture-error")).ToHaveTextAsync("Please tick the box to agree.");
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await page.GetByLabel("Work email").FillAsync("guide@example.com");
        await page.GetByLabel("First name").FillAsync("Gail");
        await page.GetByLabel("Send me the monthly").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download the white paper" }).ClickAsync();
        await Expect(page.Locator(".nurture-thanks")).ToContainTextAsync("Your copy is ready");
        var download = await page.Locator("a.nurture-download").GetAttributeAsync("href");
        Assert.StartsWith($"{_nurture}/t/f/", download);
        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, "website-form.png") });
        await using (var db = host.CreateDbContext())
        {
            var reader = await db.Leads.SingleAsync(l => l.Email == "guide@example.com");
            Assert.True(await db.Signals.AnyAsync(s => s.LeadId == reader.Id && s.Type == SignalTypes.Form));
            Assert.True(await db.Signals.AnyAsync(s => s.LeadId == reader.Id && s.Type == SignalTypes.PageView)); // the guide page's view joined it
        }

        // Submitted at once (no time passes on the server's clock): a bot's speed, nothing created.
        var quick = await NewPageAsync();
        await quick.GotoAsync($"{SiteOrigin}/guide");
        await quick.GetByLabel("Work email").FillAsync("quick@example.com");
        await quick.GetByLabel("First name").FillAsync("Q");
        await quick.GetByLabel("Send me the monthly").CheckAsync();
        await quick.GetByRole(AriaRole.Button, new() { Name = "Download the white paper" }).ClickAsync();
        await Expect(quick.Locator(".nurture-thanks")).ToContainTextAsync("Your copy is ready");
        await using (var db = host.CreateDbContext())
        {
            Assert.False(await db.Leads.AnyAsync(l => l.Email == "quick@example.com"));
            Assert.True(await db.WebsiteHits.AnyAsync(h => h.Type == SignalTypes.Form && h.Label == SignalLabel.Scanner));
        }

        // The plain HTML form, JavaScript off.
        var plain = await NewPageAsync(javaScript: false);
        await plain.GotoAsync($"{_nurture}/f/lead-nurturing-guide?utm_source=partner");
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await plain.GetByLabel("Work email").FillAsync("plain@example.com");
        await plain.GetByRole(AriaRole.Button, new() { Name = "Download the white paper" }).ClickAsync();
        await Expect(plain.GetByText("First name is required.")).ToBeVisibleAsync();
        await plain.GetByLabel("First name").FillAsync("Pat");
        await plain.GetByLabel("Send me the monthly").CheckAsync();
        await plain.GetByRole(AriaRole.Button, new() { Name = "Download the white paper" }).ClickAsync();
        await Expect(plain.GetByRole(AriaRole.Link, new() { Name = "Download whitepaper-lead-nurturing.pdf" })).ToBeVisibleAsync();
        await using (var db = host.CreateDbContext())
        {
            var lead = await db.Leads.SingleAsync(l => l.Email == "plain@example.com");
            var form = await db.Signals.SingleAsync(s => s.LeadId == lead.Id && s.Type == SignalTypes.Form);
            Assert.Contains("\"utm_source\":\"partner\"", form.PropertiesJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Consent_mode_stores_nothing_and_sets_no_cookie_before_consent()
    {
        await using var stack = await StartNurtureAsync(requireConsent: true);
        var host = stack.Host;
        var page = await NewPageAsync();
        var hits = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/w/hit", StringComparison.Ordinal)) Interlocked.Increment(ref hits); };
        await page.GotoAsync($"{SiteOrigin}/pricing");
        await page.WaitForFunctionAsync("() => window.__nurture === true");
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Equal(0, hits);

        await page.EvaluateAsync("() => nurture('consent', true)");
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.WebsiteHits.CountAsync() == 1;
        }, "the page view sent once consent was given");
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "_nurture_vid");
    }
}
