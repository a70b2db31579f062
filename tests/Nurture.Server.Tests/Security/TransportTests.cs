using System.Net;
using System.Net.Http.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// Behind a TLS proxy (a trusted one sends X-Forwarded-Proto: https) the session cookie is Secure and HSTS is
/// sent; over plain HTTP neither. The API's OpenAPI document needs a session or a key outside Development.
/// </summary>
public sealed class TransportTests
{
    private const string Password = "a long enough passphrase";

    [Theory]
    [InlineData("https", true)]
    [InlineData(null, false)]
    public async Task The_session_cookie_is_secure_and_hsts_is_sent_only_over_tls(string? forwardedProto, bool tls)
    {
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o
            .WithSetting("Accounts:AdminEmail", "root@transport.test").WithSetting("Accounts:AdminPassword", Password));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = stack.Host.BaseAddress };
        if (forwardedProto is not null)
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);

        var token = await client.GetAsync("/api/account/antiforgery");
        var xsrf = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { email = "root@transport.test", password = Password }) };
        login.Headers.Add("X-XSRF-TOKEN", xsrf);
        login.Headers.Add("Cookie", string.Join("; ", token.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("nurture.session=", StringComparison.Ordinal));
        Assert.Equal(tls, session.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(tls, signedIn.Headers.Contains("Strict-Transport-Security"));
        if (tls)
            Assert.StartsWith("max-age=15552000", signedIn.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_needs_a_session_or_a_key()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        using var anonymous = new HttpClient { BaseAddress = stack.Host.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stack.Host.Client.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
