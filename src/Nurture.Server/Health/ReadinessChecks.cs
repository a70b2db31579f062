using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;

namespace Nurture.Server.Health;

/// <summary>
/// What a load balancer asks before sending a node traffic, and an orchestrator before restarting it:
/// <c>/health/live</c> answers while the process does; <c>/health/ready</c> also needs the database, signals
/// processed without a backlog older than <see cref="MaxSignalLag"/>, and the SMTP relay when one is configured.
/// </summary>
public static class ReadinessChecks
{
    private const string Ready = "ready";

    /// <summary>Past this, the oldest waiting signal says the node is not keeping up (or not processing at all).</summary>
    public static readonly TimeSpan MaxSignalLag = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [Ready], timeout: Timeout)
            .AddCheck<SignalLagCheck>("signals", tags: [Ready], timeout: Timeout)
            .AddCheck<SmtpCheck>("smtp", tags: [Ready], timeout: Timeout);
        return services;
    }

    public static IEndpointRouteBuilder MapReadinessChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).ExcludeFromDescription();
        return app;
    }

    /// <summary>Each check's status and why, so that a 503 says what is wrong.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }), context.RequestAborted);
    }

    private sealed class DatabaseCheck(IDbContextFactory<NurtureDbContext> databases) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                // A statement, not only an open: a pooled connection opens without a word to the server.
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return HealthCheckResult.Healthy("reachable");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"unreachable: {e.Message}");
            }
        }
    }

    private sealed class SignalLagCheck(IDbContextFactory<NurtureDbContext> databases, TimeProvider time) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = await databases.CreateDbContextAsync(cancellationToken);
                // The unprocessed index holds only waiting signals: its first entry is the oldest.
                var oldest = await db.Signals.AsNoTracking().Where(s => s.ProcessedAt == null && s.DeadLetteredAt == null)
                    .OrderBy(s => s.ReceivedAt).Select(s => (DateTimeOffset?)s.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
                var lag = oldest is { } at ? time.GetUtcNow() - at : TimeSpan.Zero;
                return lag <= MaxSignalLag
                    ? HealthCheckResult.Healthy($"oldest waiting signal: {lag.TotalSeconds:0} s")
                    : HealthCheckResult.Unhealthy($"oldest waiting signal: {lag.TotalSeconds:0} s (over {MaxSignalLag.TotalSeconds:0} s)");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"could not be read: {e.Message}");
            }
        }
    }

    /// <summary>A TCP connection to the relay, no SMTP dialogue: reachability, not credentials (a send reports those).</summary>
    private sealed class SmtpCheck(IOptions<EmailOptions> email) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var smtp = email.Value.Smtp;
            if (!smtp.IsConfigured)
                return HealthCheckResult.Healthy("not configured: emails go to the pickup folder");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(smtp.Host!, smtp.Port, cancellationToken);
                return HealthCheckResult.Healthy($"{smtp.Host}:{smtp.Port} reachable");
            }
            catch (SocketException e)
            {
                return HealthCheckResult.Unhealthy($"{smtp.Host}:{smtp.Port} unreachable: {e.Message}");
            }
        }
    }
}
