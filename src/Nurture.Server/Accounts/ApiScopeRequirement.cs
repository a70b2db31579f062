using Microsoft.AspNetCore.Authorization;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>The scopes that let an API key call a route (any one of them); a route that names none needs <c>admin</c>.</summary>
public sealed record ApiScopeMetadata(IReadOnlyList<string> Scopes);

/// <summary>
/// Part of every policy: a session passes (its roles decide), an API key passes only with a scope the route
/// accepts, or <c>admin</c>. A route without <see cref="ApiScopeMetadata"/> is an admin's, so a new route is
/// closed to narrow keys until someone decides otherwise.
/// </summary>
public sealed class ApiScopeRequirement : AuthorizationHandler<ApiScopeRequirement>, IAuthorizationRequirement
{
    public static IReadOnlyList<string> ScopesFor(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ApiScopeMetadata>()?.Scopes ?? [ApiScopes.Admin];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiScopeRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }
        var endpoint = context.Resource switch
        {
            HttpContext http => http.GetEndpoint(),
            Endpoint e => e,
            _ => null,
        };
        var accepted = ScopesFor(endpoint).Append(ApiScopes.Admin);
        if (accepted.Any(scope => user.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public static class ApiScopeEndpoints
{
    /// <summary>API keys with any of these scopes (or admin) may call the routes; sessions are judged by their roles.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeMetadata(scopes));
}
