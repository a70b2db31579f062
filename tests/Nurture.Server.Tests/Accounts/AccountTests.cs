using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nurture.Core.Accounts;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Server.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Accounts;

/// <summary>Sign-in, roles on every API route and page, antiforgery, API keys and the first admin, through the real server.</summary>
public sealed class AccountTests : IAsyncLifetime
{
    private const string Password = "a long enough passphrase";
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _stack = await TestStack.StartAsync(smtp: false, configure: o => o.WithSetting("Accounts:AdminEmail", "root@nurture.test").WithSetting("Accounts:AdminPassword", Password));
        _host = _stack.Host;
        foreach (var (email, role) in new[] { ("mia@marketing.test", Roles.Marketer), ("sam@sales.test", Roles.Sales) })
            (await _host.Client.PostAsJsonAsync("/api/users", new { email, role, password = Password })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Every_api_route_answers_401_without_a_session_or_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        var routes = ApiRouteTable.Of(_host).Where(r => !r.Anonymous).ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} API routes found");

        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var request = route.Request();
            var response = await anonymous.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                failures.Add($"{route.Method} {route.Path}: {(int)response.StatusCode}");
        }
        Assert.Empty(failures);
        Assert.Equal(["GET /api/account/antiforgery", "POST /api/account/login"], ApiRouteTable.Of(_host).Where(r => r.Anonymous).Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_role_reaches_its_own_routes_and_gets_403_elsewhere()
    {
        using var marketer = await SignedInAsync("mia@marketing.test");
        using var sales = await SignedInAsync("sam@sales.test");
        using var admin = await SignedInAsync("root@nurture.test");

        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/api/journeys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/api/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/api/keys")).StatusCode);
        // Marketers read handoffs (what became of their leads) but do not answer them.
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/api/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.SendAsync(HttpMethod.Post, $"/api/handoffs/{Guid.NewGuid()}/accept", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await sales.GetAsync("/api/handoffs")).StatusCode);
        foreach (var path in new[] { "/api/journeys", "/api/templates", "/api/leads", "/api/funnel", "/api/reports/emails", "/api/routing", "/api/users", "/api/scoring/model" })
            Assert.True((await sales.GetAsync(path)).StatusCode == HttpStatusCode.Forbidden, $"sales GET {path} must be 403");
        Assert.Equal(HttpStatusCode.Forbidden, (await sales.SendAsync(HttpMethod.Post, "/api/leads", new { email = "x@example.com" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/journeys")).StatusCode);

        var me = await (await sales.GetAsync("/api/account/me")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["sales"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Pages_send_strangers_to_sign_in_and_show_403_to_the_wrong_role()
    {
        using var anonymous = new SessionClient(_host.BaseAddress);
        var redirect = await anonymous.GetAsync("/journeys/welcome-nurture");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fjourneys%2Fwelcome-nurture", redirect.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/pickup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/login")).StatusCode);

        using var sales = await SignedInAsync("sam@sales.test");
        foreach (var page in new[] { "/dashboard", "/journeys", "/journeys/welcome-nurture", "/templates/welcome", "/leads", "/admin", "/pickup" })
            Assert.True((await sales.GetAsync(page)).StatusCode == HttpStatusCode.Forbidden, $"sales GET {page} must be 403");
        var inbox = await sales.GetAsync("/inbox");
        Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        Assert.Contains("/app/app.js?v=", await inbox.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("DENY", inbox.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", inbox.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        using var marketer = await SignedInAsync("mia@marketing.test");
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/journeys/welcome-nurture")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_change_with_the_session_cookie_needs_the_antiforgery_token()
    {
        using var marketer = await SignedInAsync("mia@marketing.test");

        var missing = await marketer.SendAsync(HttpMethod.Post, "/api/leads", new { email = "csrf@example.com" }, withToken: false);
        var forged = await marketer.SendAsync(HttpMethod.Post, "/api/leads", new { email = "csrf@example.com" }, token: "CfDJ8forged");
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("antiforgery", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = _host.CreateDbContext())
            Assert.False(db.Leads.Any(l => l.Email == "csrf@example.com"));

        Assert.Equal(HttpStatusCode.Created, (await marketer.SendAsync(HttpMethod.Post, "/api/leads", new { email = "csrf@example.com" })).StatusCode);

        // Signing in is a form too: without the token it is refused before the password is even checked.
        using var stranger = new SessionClient(_host.BaseAddress);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SendAsync(HttpMethod.Post, "/api/account/login", new { email = "mia@marketing.test", password = Password }, withToken: false)).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_fail_alike_then_slow_their_sender_down()
    {
        using var client = new SessionClient(_host.BaseAddress);
        var unknown = await client.SignInAsync("nobody@marketing.test", Password);
        var wrong = await client.SignInAsync("mia@marketing.test", "wrong password 1");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await ProblemAsync(unknown), await ProblemAsync(wrong)); // no hint which of the two was wrong

        for (var i = 2; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("mia@marketing.test", $"wrong password {i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SignInAsync("mia@marketing.test", "wrong password 5")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SignInAsync("mia@marketing.test", Password)).StatusCode); // even the right one, for now
    }

    [Fact]
    public async Task A_user_changes_their_password_only_with_the_current_one()
    {
        using var mia = await SignedInAsync("mia@marketing.test");
        var wrong = await mia.SendAsync(HttpMethod.Post, "/api/account/password", new { current = "not it at all", @new = "a brand new passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("current password is wrong", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooShort = await mia.SendAsync(HttpMethod.Post, "/api/account/password", new { current = Password, @new = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await mia.SendAsync(HttpMethod.Post, "/api/account/password", new { current = Password, @new = "a brand new passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mia.GetAsync("/api/journeys")).StatusCode); // this session goes on

        using var again = new SessionClient(_host.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.SignInAsync("mia@marketing.test", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.SignInAsync("mia@marketing.test", "a brand new passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.PostAsJsonAsync("/api/account/password", new { current = "x", @new = "y" })).StatusCode); // an API key has none
    }

    [Fact]
    public async Task A_merge_by_a_signed_in_user_is_recorded_as_that_user_whatever_the_body_says()
    {
        var keep = await _host.CreateLeadAsync(new { email = "kim@acme.example", firstName = "Kim", lastName = "Lee", company = "Acme" });
        var other = await _host.CreateLeadAsync(new { email = "kim.lee@home.example", firstName = "Kim", lastName = "Lee", company = "Acme" });
        using var mia = await SignedInAsync("mia@marketing.test");

        var merged = await mia.SendAsync(HttpMethod.Post, $"/api/leads/{keep}/merge", new { duplicateId = other, by = "root@nurture.test" });

        merged.EnsureSuccessStatusCode();
        await using var db = _host.CreateDbContext();
        var record = await db.Signals.SingleAsync(s => s.LeadId == keep && s.Type == "merge");
        Assert.EndsWith("merged into this lead by mia@marketing.test", record.LabelReason, StringComparison.Ordinal);
        Assert.DoesNotContain("root@nurture.test", record.PropertiesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_are_stored_as_hashes_and_short_ones_are_refused()
    {
        foreach (var address in new[] { "Ann <ann@marketing.test>", "ann@localhost", "not an address" })
        {
            var refused = await _host.Client.PostAsJsonAsync("/api/users", new { email = address, role = "marketer", password = Password });
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"'{address}' must be refused as a user's email");
        }
        var tooShort = await _host.Client.PostAsJsonAsync("/api/users", new { email = "short@marketing.test", role = "marketer", password = "2short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("password", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = _host.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NurtureUser>>();
        var mia = await users.FindByEmailAsync("mia@marketing.test");
        Assert.DoesNotContain(Password, mia!.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, users.PasswordHasher.VerifyHashedPassword(mia, mia.PasswordHash!, Password));
    }

    [Fact]
    public async Task An_api_key_made_by_an_admin_works_until_revoked_and_is_shown_once()
    {
        using var admin = await SignedInAsync("root@nurture.test");
        var created = await (await admin.SendAsync(HttpMethod.Post, "/api/keys", new { name = "crm-sync", scopes = new[] { "content:write" } })).Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var listed = await (await admin.GetAsync("/api/keys")).Content.ReadAsStringAsync();
        Assert.Contains("crm-sync", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);

        using var integration = new HttpClient { BaseAddress = _host.BaseAddress };
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/journeys")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/keys/{created.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/journeys")).StatusCode);
    }

    [Fact]
    public async Task The_first_admin_is_created_only_when_nobody_can_sign_in_and_its_password_is_given_once()
    {
        await using var scope = _host.App.Services.CreateAsyncScope();
        var firstAdmin = scope.ServiceProvider.GetRequiredService<FirstAdmin>();
        Assert.Null(await firstAdmin.EnsureAsync()); // users exist: nothing is created or shown

        var users = scope.ServiceProvider.GetRequiredService<UserManager<NurtureUser>>();
        foreach (var user in users.Users.ToList())
            await users.DeleteAsync(user);
        _stack.Host.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.AdminPassword = null;

        var generated = await firstAdmin.EnsureAsync();
        Assert.NotNull(generated);
        Assert.True(generated.Length >= 16);
        Assert.Null(await firstAdmin.EnsureAsync());

        using var client = new SessionClient(_host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync("root@nurture.test", generated)).StatusCode);
        var me = await (await client.GetAsync("/api/account/me")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private static async Task<(string?, string?)> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
    }

    private async Task<SessionClient> SignedInAsync(string email)
    {
        var client = new SessionClient(_host.BaseAddress);
        var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }
}
