using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nurture.Server.Accounts.Login;

/// <summary>
/// ASP.NET Core's rate limiter on sign-in: <see cref="AccountOptions.LoginAttemptsPerMinute"/> attempts per client
/// IP (a sliding minute), right or wrong, then <c>429</c> with <c>Retry-After</c>. It caps how fast anyone can try
/// addresses and passwords, which <see cref="LoginThrottle"/> then slows per account.
/// </summary>
public static class LoginRateLimits
{
    public const string Policy = "login";

    /// <summary>Who is signing in, as far as limits go: the client's address (a trusted proxy's forwarded one).</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static IServiceCollection AddLoginRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<DeviceCookies>();
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetSlidingWindowLimiter(ClientOf(http), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
                await LoginEndpoint.TooManyAttempts(context.HttpContext, wait).ExecuteAsync(context.HttpContext);
            };
        });
    }
}
