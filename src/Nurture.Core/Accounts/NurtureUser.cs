using Microsoft.AspNetCore.Identity;

namespace Nurture.Core.Accounts;

/// <summary>A person who signs in to the web app. A sales user's email is the rep's address in the routing.</summary>
public sealed class NurtureUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}

/// <summary>The three roles; each page and API route names the ones it admits.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Marketer = "marketer";
    public const string Sales = "sales";

    public static readonly IReadOnlyList<string> All = [Admin, Marketer, Sales];
}
