namespace Nurture.Server.Accounts;

/// <summary>The <c>Accounts</c> settings.</summary>
public sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>The first admin's sign-in, created when there is no user at all.</summary>
    public string AdminEmail { get; set; } = "admin@nurture.localhost";

    /// <summary>The first admin's password; when empty, one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }
}
