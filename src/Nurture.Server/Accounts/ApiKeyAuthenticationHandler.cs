using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>
/// Authenticates integrations by the <c>X-Api-Key</c> header. A key passes the role checks as an admin would;
/// its scopes (<see cref="ApiScopeRequirement"/>) then say which routes it may call.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var key))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (!keys.TryAuthenticate(key, out var name, out var scopes))
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key"), new Claim("api-key", name), new Claim(ClaimTypes.Role, Roles.Admin)], SchemeName);
        identity.AddClaims(scopes.Select(scope => new Claim(ScopeClaim, scope)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
        await Results.Problem(statusCode: 401, title: "Authentication required",
            detail: $"Sign in, or send a valid API key in the {Header} header.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = ApiScopeRequirement.ScopesFor(Context.GetEndpoint());
        var held = Context.User.FindAll(ScopeClaim).Select(c => c.Value).ToList();
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: $"This API key's scopes ({string.Join(", ", held)}) do not allow {Request.Method} {Request.Path}: it needs {string.Join(" or ", needed)}.").ExecuteAsync(Context);
    }
}
