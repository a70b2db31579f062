using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nurture.Core.Delivery;

namespace Nurture.Core.Webhooks;

/// <summary>Sends webhooks as soon as they are committed; the timeout catches retries coming due.</summary>
public sealed class WebhookWorker(WebhookDispatcher dispatcher, OutboxWakeup wakeup, ILogger<WebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = wakeup.WaitAsync(DeliveryWorker.IdleCheck, stoppingToken);
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                }
                await wake;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Webhook loop failed; retrying shortly");
                // Real time on purpose: a pause before retrying a failed loop, not business time.
                await Task.Delay(DeliveryWorker.IdleCheck, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
