using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Nurture.Core.Accounts;
using Nurture.Server.Limits;

namespace Nurture.Server.Accounts.Login;

/// <summary>
/// <c>POST /api/account/login</c>: the same answer and the same work (one password hash checked) whether the
/// address has an account or not; wrong passwords slow their sender down (<see cref="LoginThrottle"/>), and
/// every client's attempts are rate-limited (<see cref="LoginRateLimits"/>).
/// </summary>
public static class LoginEndpoint
{
    public sealed record LoginRequest(string? Email, string? Password);

    public static RouteHandlerBuilder MapLogin(this RouteGroupBuilder account) =>
        account.MapPost("login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimits.Policy).LimitBody(BodyLimits.Anonymous);

    private static async Task<Results<Ok<AccountApi.Me>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, HttpContext http, SignInManager<NurtureUser> signIn, UserManager<NurtureUser> users,
        LoginThrottle throttle, DeviceCookies devices, TimeProvider time)
    {
        var account = (body.Email ?? "").Trim().ToLowerInvariant();
        var client = LoginRateLimits.ClientOf(http);
        var knownDevice = devices.IsKnown(http, account);
        if (throttle.WaitBefore(account, client, knownDevice) is { } wait)
            return TooManyAttempts(http, wait);

        var user = account.Length > 0 ? await users.FindByEmailAsync(account) : null;
        if (user is null || string.IsNullOrEmpty(body.Password))
        {
            if (!string.IsNullOrEmpty(body.Password))
                users.PasswordHasher.VerifyHashedPassword(new NurtureUser(), UnknownUserHash.Of(users.PasswordHasher), body.Password); // as long as a real check
            throttle.Failed(account, client, knownDevice);
            return WrongCredentials();
        }
        var result = await signIn.PasswordSignInAsync(user, body.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.IsLockedOut)
            return TooManyAttempts(http, (user.LockoutEnd ?? time.GetUtcNow()) - time.GetUtcNow()); // a lockout from before the throttle
        if (!result.Succeeded)
        {
            throttle.Failed(account, client, knownDevice);
            return WrongCredentials();
        }
        throttle.Succeeded(account, client);
        devices.Remember(http, account);
        return TypedResults.Ok(await AccountApi.DescribeAsync(user, users));
    }

    private static ProblemHttpResult WrongCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "The email or the password is wrong.");

    public static ProblemHttpResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts",
            detail: $"Try again in {seconds} second{(seconds == 1 ? "" : "s")}.");
    }

    /// <summary>A hash of a random password, made once with the hasher in force, to check unknown addresses against.</summary>
    private static class UnknownUserHash
    {
        private static string? _hash;

        public static string Of(IPasswordHasher<NurtureUser> hasher) =>
            _hash ??= hasher.HashPassword(new NurtureUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    }
}
