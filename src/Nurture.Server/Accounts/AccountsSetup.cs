using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Nurture.Core.Accounts;
using Nurture.Core.Configuration;
using Nurture.Core.Data;
using Nurture.Server.Accounts.Login;
using Nurture.Server.WebApp;

namespace Nurture.Server.Accounts;

/// <summary>
/// Sign-in for people (ASP.NET Core Identity: hashed passwords, lockout, a cookie) and for integrations
/// (an API key header), one policy scheme choosing between them, and the antiforgery token the web app
/// sends with every change.
/// </summary>
public static class AccountsSetup
{
    public const string Scheme = "Nurture";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    public static IServiceCollection AddNurtureAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AccountOptions>(configuration, AccountOptions.Section);
        services.AddIdentity<NurtureUser, IdentityRole>(o =>
            {
                // Length over composition rules (NIST SP 800-63B). Guessing is slowed by the login throttle, not by
                // Identity's lockout, which anyone knowing the address could renew forever.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<NurtureDbContext>()
            .AddDefaultTokenProviders();

        // One key ring for every node, in the database: a session cookie or antiforgery token one node issued
        // is read by the others, and a node on a fresh disk signs nobody out. One application name too: by
        // default it is the install path, which differs between machines.
        services.AddDataProtection()
            .SetApplicationName("Nurture")
            .PersistKeysToDbContext<NurtureDbContext>();
        // The tracking and webhook secrets generated at first start are kept encrypted with this key ring.
        services.AddSingleton<ISecretProtector, KeyRingSecretProtector>();
        // Its first start warns that the keys themselves are stored unencrypted: they sit in the database,
        // protected as the database is (Linux has no DPAPI to wrap them with).
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));

        // A deleted user, a changed role or a changed password reaches every session within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "nurture.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over TLS, a TLS proxy's too
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Session cookie or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(Policies.Add);
        services.AddLoginRateLimits();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "nurture.xsrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton<CsrfFilter>();
        services.AddScoped<FirstAdmin>();
        return services;
    }

    /// <summary>The API answers 401/403 as problem details; pages go to the sign-in page or show the app's 403 view.</summary>
    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status, title: status == 401 ? "Authentication required" : "Forbidden",
                detail: status == 401 ? "Sign in, or send a valid API key in the X-Api-Key header." : "Your role does not allow this.").ExecuteAsync(context.HttpContext);
        }
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect($"/login?returnUrl={Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString)}");
            return Task.CompletedTask;
        }
        return AppShell.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden);
    }
}
