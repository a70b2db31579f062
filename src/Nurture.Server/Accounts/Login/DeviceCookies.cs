using Microsoft.AspNetCore.DataProtection;

namespace Nurture.Server.Accounts.Login;

/// <summary>
/// A device an account signed in from gets a cookie saying so (protected by the shared Data Protection key
/// ring, so every node reads it): that device keeps signing in while strangers' wrong passwords have closed the
/// account to unknown clients (<see cref="LoginThrottle"/>), as OWASP's "device cookies" advise.
/// </summary>
public sealed class DeviceCookies(IDataProtectionProvider protection)
{
    public const string Name = "nurture.device";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Nurture.Accounts.DeviceCookie").ToTimeLimitedDataProtector();

    public bool IsKnown(HttpContext http, string account)
    {
        if (account.Length == 0 || http.Request.Cookies[Name] is not { Length: > 0 and < 2000 } cookie)
            return false;
        try
        {
            return string.Equals(_protector.Unprotect(cookie), account, StringComparison.Ordinal);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // forged, expired, or from a key ring that is gone
        }
    }

    public void Remember(HttpContext http, string account) =>
        http.Response.Cookies.Append(Name, _protector.Protect(account, Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            MaxAge = Lifetime,
            Path = "/api/account",
        });
}
