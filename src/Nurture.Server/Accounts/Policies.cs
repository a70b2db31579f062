using Microsoft.AspNetCore.Authorization;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>
/// Who may do what. An admin may do everything; an API key acts as an admin (it is an integration's
/// credential, created and revoked by an admin).
/// </summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Marketing = "marketing";
    public const string Sales = "sales";

    /// <summary>Marketers, and sales for the leads handed to them (the handler narrows what a rep sees).</summary>
    public const string Leads = "leads";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Marketing, p => p.RequireRole(Roles.Admin, Roles.Marketer));
        options.AddPolicy(Sales, p => p.RequireRole(Roles.Admin, Roles.Sales));
        options.AddPolicy(Leads, p => p.RequireRole(Roles.Admin, Roles.Marketer, Roles.Sales));
        options.FallbackPolicy = null; // public pages (tracking, unsubscribe, confirm) stay public; every group says its policy
    }
}
