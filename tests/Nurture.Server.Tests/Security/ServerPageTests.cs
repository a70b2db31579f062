using System.Net;
using System.Net.Http.Json;
using Nurture.Server.Tests.Infrastructure;
using Nurture.Server.WebApp;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// Pages the server renders itself run no script whatever they show: the pickup view, where a signed-in
/// marketer reads emails built from templates (a <c>javascript:</c> link there ran on the app's origin, able
/// to read the antiforgery token and create API keys), and the pages people reach from email links.
/// </summary>
public sealed class ServerPageTests
{
    [Fact]
    public async Task The_pickup_view_links_only_web_addresses_and_shows_the_email_in_a_sandbox()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        var saved = await host.Client.PutAsJsonAsync("/api/templates/nudge", new
        {
            html = "---\nsubject: Hostile\n---\n<p><a href=\"javascript:fetch('/api/keys')\">Claim your prize</a> <a href=\"https://example.com/ok\">Fine</a></p><script>alert(1)</script>",
        });
        saved.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync("/api/templates/nudge/test-send", new { to = "marketer@team.test" })).StatusCode);
        var pickup = Path.Combine(stack.Temp.Path, "pickup");
        string? file = null;
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult((file = Directory.Exists(pickup) ? Directory.GetFiles(pickup, "*.eml").FirstOrDefault() : null) is not null),
            "the test send is in the pickup folder");
        var name = Uri.EscapeDataString(Path.GetFileName(file!));

        using var page = await host.Client.GetAsync($"/pickup/{name}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertPageHeaders(page, SecurityHeaders.PagePolicy);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<code>javascript:fetch(", html, StringComparison.Ordinal); // shown as text
        Assert.Contains("<a href=\"https://example.com/ok\" rel=\"noreferrer noopener\">Fine</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<iframe sandbox src=\"/pickup/{name}/html\"", html, StringComparison.Ordinal);

        using var frame = await host.Client.GetAsync($"/pickup/{name}/html");
        Assert.Equal(SecurityHeaders.EmailPolicy, frame.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("sandbox;", SecurityHeaders.EmailPolicy, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", frame.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("<script>alert(1)</script>", await frame.Content.ReadAsStringAsync(), StringComparison.Ordinal); // as sent, and inert

        using var raw = await host.Client.GetAsync($"/pickup/{name}/raw");
        Assert.Equal("text/plain", raw.Content.Headers.ContentType?.MediaType);
        AssertPageHeaders(raw, SecurityHeaders.PagePolicy);
    }

    [Fact]
    public async Task The_pickup_view_shows_a_reps_handoff_email_without_the_links_that_answer_it()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "raiser@example.com", firstName = "Ray" });
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId, properties = new { form = "contact" } }));
        var pickup = Path.Combine(stack.Temp.Path, "pickup");
        string? file = null;
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult((file = Directory.Exists(pickup)
            ? Directory.GetFiles(pickup, "*.eml").FirstOrDefault(f => File.ReadAllText(f).Contains("/h/accept/", StringComparison.Ordinal)) : null) is not null),
            "the rep's notification is in the pickup folder");
        var name = Uri.EscapeDataString(Path.GetFileName(file!));

        foreach (var view in new[] { $"/pickup/{name}", $"/pickup/{name}/html", $"/pickup/{name}/raw" })
        {
            var shown = await host.Client.GetStringAsync(view);
            Assert.Contains("/h/accept/for-the-rep-only", shown, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"/h/(accept|reject)/(?!for-the-rep-only)[A-Za-z0-9_-]{20,}", shown);
        }
    }

    [Theory]
    [InlineData("/t/c/not-a-token")]
    [InlineData("/u/not-a-token")]
    [InlineData("/confirm/not-a-token")]
    [InlineData("/h/accept/not-a-token")]
    public async Task Pages_reached_from_email_links_carry_the_page_policy(string path)
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        using var anonymous = new HttpClient { BaseAddress = stack.Host.BaseAddress };

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        AssertPageHeaders(response, SecurityHeaders.PagePolicy);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single()); // the address holds a token
    }

    private static void AssertPageHeaders(HttpResponseMessage response, string policy)
    {
        Assert.Equal(policy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
