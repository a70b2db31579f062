using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Server.Accounts.Login;

namespace Nurture.Server.Accounts;

/// <summary>Signing in and out, who am I, and the admin's users and API keys.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("account").WithTags("Accounts");
        account.MapGet("antiforgery", Antiforgery).AllowAnonymous();
        account.MapLogin();
        account.MapPost("logout", LogoutAsync).RequireAuthorization();
        account.MapGet("me", MeAsync).RequireAuthorization();
        account.MapPost("password", ChangePasswordAsync).RequireAuthorization();

        var users = api.MapGroup("users").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        users.MapGet("", ListUsersAsync);
        users.MapPost("", CreateUserAsync);
        users.MapDelete("{id}", DeleteUserAsync);

        var keys = api.MapGroup("keys").WithTags("Accounts").RequireAuthorization(Policies.Admin);
        keys.MapGet("", ListKeysAsync);
        keys.MapGet("scopes", () => TypedResults.Ok(ApiScopes.Descriptions.Select(s => new ScopeSummary(s.Key, s.Value)).ToList()));
        keys.MapPost("", CreateKeyAsync);
        keys.MapDelete("{id:guid}", RevokeKeyAsync);
        return api;
    }

    public sealed record Me(string Id, string Email, string DisplayName, IList<string> Roles);
    public sealed record NewUser(string? Email, string? DisplayName, string? Role, string? Password);
    public sealed record NewKey(string? Name, IList<string>? Scopes);
    public sealed record PasswordChange(string? Current, string? New);

    /// <summary>The antiforgery token to send back, and the header to send it in.</summary>
    public sealed record AntiforgeryToken(string? Token, string Header);

    public sealed record KeySummary(Guid Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> Scopes);

    /// <summary>A new key: shown this once, the database keeps only its hash.</summary>
    public sealed record KeyCreated(Guid Id, string Name, DateTimeOffset CreatedAt, IReadOnlyList<string> Scopes, string Key);

    /// <summary>A scope a key may be given, and what it allows.</summary>
    public sealed record ScopeSummary(string Name, string Description);

    /// <summary>A new user, and the password generated for them when none was given (shown this once).</summary>
    public sealed record UserCreated(Me User, string? Password);

    /// <summary>The token the web app sends in <c>X-XSRF-TOKEN</c>; ask again after signing in (it is bound to the user).</summary>
    private static Ok<AntiforgeryToken> Antiforgery(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryToken(antiforgery.GetAndStoreTokens(context).RequestToken, AccountsSetup.AntiforgeryHeader));

    private static async Task<NoContent> LogoutAsync(SignInManager<NurtureUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, UnauthorizedHttpResult>> MeAsync(HttpContext context, UserManager<NurtureUser> users)
    {
        if (context.User.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
            return TypedResults.Ok(new Me("api-key", "", "API key", [Roles.Admin]));
        var user = await users.GetUserAsync(context.User);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(await DescribeAsync(user, users));
    }

    /// <summary>
    /// A signed-in user changes their own password (the current one is required). This session goes on;
    /// the others end at their next security-stamp check (within a minute, see AccountsSetup).
    /// </summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange body, HttpContext context, UserManager<NurtureUser> users, SignInManager<NurtureUser> signIn)
    {
        if (await users.GetUserAsync(context.User) is not { } user)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Only people have passwords", detail: "An API key has no password to change.");
        var changed = await users.ChangePasswordAsync(user, body.Current ?? "", body.New ?? "");
        if (!changed.Succeeded)
        {
            return TypedResults.ValidationProblem(changed.Errors
                .GroupBy(e => e.Code == "PasswordMismatch" ? "current" : "new")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Code == "PasswordMismatch" ? "The current password is wrong." : e.Description).ToArray()));
        }
        await signIn.RefreshSignInAsync(user); // a new cookie carrying the new security stamp
        return TypedResults.NoContent();
    }

    internal static async Task<Me> DescribeAsync(NurtureUser user, UserManager<NurtureUser> users) =>
        new(user.Id, user.Email ?? "", user.DisplayName, await users.GetRolesAsync(user));

    private static async Task<Ok<List<Me>>> ListUsersAsync(UserManager<NurtureUser> users)
    {
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync();
        var described = new List<Me>();
        foreach (var user in all)
            described.Add(await DescribeAsync(user, users));
        return TypedResults.Ok(described);
    }

    /// <summary>Creates a user with one role; without a password, one is generated and returned this once.</summary>
    private static async Task<Results<Ok<UserCreated>, ValidationProblem>> CreateUserAsync(NewUser body, UserManager<NurtureUser> users)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Email is not { Length: > 0 } || !EmailAddresses.IsPlainAddress(body.Email.Trim()))
            errors["email"] = ["An email address is required."];
        if (body.Role is null || !Roles.All.Contains(body.Role))
            errors["role"] = [$"The role must be one of: {string.Join(", ", Roles.All)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var password = body.Password is { Length: > 0 } given ? given : FirstAdmin.Generate();
        var user = new NurtureUser { UserName = body.Email!.Trim(), Email = body.Email.Trim(), DisplayName = body.DisplayName?.Trim() ?? "", EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(created.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        await users.AddToRoleAsync(user, body.Role!);
        return TypedResults.Ok(new UserCreated(await DescribeAsync(user, users), body.Password is { Length: > 0 } ? null : password));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUserAsync(string id, HttpContext context, UserManager<NurtureUser> users)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
            return TypedResults.NotFound();
        if (users.GetUserId(context.User) == id)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You cannot delete yourself");
        await users.DeleteAsync(user);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<KeySummary>>> ListKeysAsync(IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.OrderBy(k => k.CreatedAt).Select(k => new KeySummary(k.Id, k.Name, k.CreatedAt, ApiScopes.Parse(k.Scopes))).ToList());
    }

    /// <summary>Creates a key; the response is the only time it is shown (the database keeps its hash).</summary>
    private static async Task<Results<Ok<KeyCreated>, ValidationProblem>> CreateKeyAsync(NewKey body, IDbContextFactory<NurtureDbContext> databases, ApiKeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Name is not { Length: > 0 and <= 100 })
            errors["name"] = ["Name the key after the integration that uses it (up to 100 characters)."];
        var scopes = body.Scopes?.Select(s => s?.Trim() ?? "").ToList() ?? [];
        if (scopes.Count == 0)
            errors["scopes"] = [$"Choose what the key may do: one or more of {string.Join(", ", ApiScopes.Descriptions.Keys)}."];
        else if (scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s)) is { } unknown)
            errors["scopes"] = [$"'{unknown}' is not a scope; the scopes are {string.Join(", ", ApiScopes.Descriptions.Keys)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var secret = ApiKey.Generate();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), Name = body.Name!.Trim(), Hash = ApiKey.HashOf(secret), CreatedAt = time.GetUtcNow(), Scopes = ApiScopes.Format(scopes),
        };
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
        }
        await store.ReloadAsync(cancellationToken);
        return TypedResults.Ok(new KeyCreated(key.Id, key.Name, key.CreatedAt, ApiScopes.Parse(key.Scopes), secret));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeKeyAsync(Guid id, IDbContextFactory<NurtureDbContext> databases, ApiKeyStore store, CancellationToken cancellationToken)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            if (await db.ApiKeys.Where(k => k.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
                return TypedResults.NotFound();
        }
        await store.ReloadAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
