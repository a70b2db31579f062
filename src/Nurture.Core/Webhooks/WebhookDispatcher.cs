using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Webhooks;

/// <summary>
/// Claims due webhook rows under a lease (renewed while they are posted) and POSTs them, signed. 2xx is delivered; 408, 429, 5xx and
/// network errors are retried with backoff and jitter; other 4xx answers are permanent failures.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<NurtureDbContext> databases,
    WebhookSecret secrets,
    WebhookDestinations destinations,
    IOptions<WebhookOptions> options,
    LeaseKeeper leases,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // A redirect could lead anywhere, even inside the network: a webhook goes where it was told, or fails.
        AllowAutoRedirect = false,
        ConnectCallback = destinations.ConnectAsync,
    })
    {
        Timeout = options.Value.Timeout,
    };

    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        using var claim = await leases.ClaimAsync(d => d.Webhooks, (owner, lease) => LeaseClaims.ClaimAsync(db.Webhooks,
            w => w.Status == WebhookStatus.Pending && w.NextAttemptAt <= now, w => w.NextAttemptAt, 50, now, lease, owner, cancellationToken));
        var ids = claim.Ids;
        if (ids.Count == 0)
            return 0;
        var claimed = await db.Webhooks.Where(w => ids.Contains(w.Id)).ToListAsync(cancellationToken);
        foreach (var message in claimed)
            await DeliverAsync(message, cancellationToken);
        await db.SaveChangesAsync(CancellationToken.None);
        return claimed.Count;
    }

    private async Task DeliverAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        using var span = NurtureTracing.Continue("deliver webhook", ActivityKind.Internal, message.TraceParent)?.SetTag("nurture.webhook.id", message.Id);
        await PostAsync(message, cancellationToken);
        span?.SetTag("nurture.webhook.status", message.Status.ToString()).SetTag("nurture.webhook.attempts", message.Attempts);
    }

    private async Task PostAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        message.Attempts++;
        message.ReleaseLease();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(secrets.For(message.Source), time.GetUtcNow(), message.Body));
        request.Headers.Add("X-Nurture-Delivery", message.Id.ToString());
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                message.Status = WebhookStatus.Delivered;
                message.DeliveredAt = time.GetUtcNow();
                message.LastError = null;
                return;
            }
            var retryable = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            Fail(message, $"HTTP {(int)response.StatusCode}", retryable);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookDestinationRefusedException refused)
        {
            Fail(message, refused.Message, retryable: false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Fail(message, e.Message, retryable: true);
        }
    }

    private void Fail(WebhookMessage message, string error, bool retryable)
    {
        NurtureMetrics.WebhookFailed();
        message.LastError = Columns.Fit(error, WebhookMessage.LastErrorLength);
        if (!retryable || message.Attempts >= options.Value.MaxAttempts)
        {
            message.Status = WebhookStatus.Failed;
            logger.LogWarning("Webhook {WebhookId} to {Url} failed for good after {Attempts} attempts: {Error}", message.Id, message.Url, message.Attempts, error);
            return;
        }
        message.NextAttemptAt = time.GetUtcNow() + Backoff.After(message.Attempts, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
    }

    public void Dispose() => _http.Dispose();
}
