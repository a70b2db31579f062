using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>Creates the roles and, when nobody can sign in yet, the first admin.</summary>
public sealed class FirstAdmin(UserManager<NurtureUser> users, RoleManager<IdentityRole> roles, IOptions<AccountOptions> options)
{
    /// <returns>The generated password when one was generated (to print once); otherwise null.</returns>
    public async Task<string?> EnsureAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }
        if (users.Users.Any())
            return null;

        var configured = options.Value.AdminPassword;
        var password = configured is { Length: > 0 } ? configured : Generate();
        var admin = new NurtureUser { UserName = options.Value.AdminEmail, Email = options.Value.AdminEmail, DisplayName = "Admin", EmailConfirmed = true };
        Check(await users.CreateAsync(admin, password), $"the first admin {admin.Email}");
        Check(await users.AddToRoleAsync(admin, Roles.Admin), "the admin role");
        return configured is { Length: > 0 } ? null : password;
    }

    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Creating {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
