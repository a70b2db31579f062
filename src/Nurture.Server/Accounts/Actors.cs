using System.Security.Claims;

namespace Nurture.Server.Accounts;

/// <summary>Who is acting, for the records.</summary>
public static class Actors
{
    /// <summary>The signed-in user's address, lower-cased as reps are compared.</summary>
    public static string RepEmail(ClaimsPrincipal user) =>
        (user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? "").Trim().ToLowerInvariant();

    /// <summary>
    /// A signed-in user is recorded as themselves, whatever the body claims; an integration (API key) may
    /// name the person it acts for, else it is "api".
    /// </summary>
    public static string Who(ClaimsPrincipal user, string? claimed) =>
        user.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName ? RepEmail(user)
        : string.IsNullOrWhiteSpace(claimed) ? "api" : claimed.Trim();
}
