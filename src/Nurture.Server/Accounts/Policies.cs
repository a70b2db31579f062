using Microsoft.AspNetCore.Authorization;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>
/// Who may do what. An admin may do everything; an API key passes the role checks as an admin, and its
/// scopes say which routes it may call (<see cref="ApiScopeRequirement"/>, part of every policy).
/// </summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Marketing = "marketing";
    public const string Sales = "sales";

    /// <summary>Marketers, and sales for the leads handed to them (the handler narrows what a rep sees).</summary>
    public const string Leads = "leads";

    /// <summary>The roles each policy admits; the web app gets them per page from the catalog.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf = new Dictionary<string, IReadOnlyList<string>>
    {
        [Admin] = [Roles.Admin],
        [Marketing] = [Roles.Admin, Roles.Marketer],
        [Sales] = [Roles.Admin, Roles.Sales],
        [Leads] = [Roles.Admin, Roles.Marketer, Roles.Sales],
    };

    public static void Add(AuthorizationOptions options)
    {
        var scopes = new ApiScopeRequirement();
        foreach (var (policy, roles) in RolesOf)
            options.AddPolicy(policy, p => p.RequireRole(roles).AddRequirements(scopes));
        options.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(scopes).Build();
        options.FallbackPolicy = null; // public pages (tracking, unsubscribe, confirm) stay public; every group says its policy
    }
}
