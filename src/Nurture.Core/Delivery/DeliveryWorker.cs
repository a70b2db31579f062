using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>
/// Runs <see cref="EmailOptions.Workers"/> delivery loops, each owning one transport (one SMTP
/// connection) for its lifetime. Woken by new outbox rows; the timeout only catches retries coming due.
/// </summary>
public sealed class DeliveryWorker(
    OutboxDispatcher dispatcher,
    MailTransportFactory transports,
    OutboxWakeup wakeup,
    IOptions<EmailOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    public static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(2);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        await using var transport = transports.Create();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Subscribe before dispatching, so a commit during the dispatch is not missed.
                var wake = wakeup.WaitAsync(IdleCheck, stoppingToken);
                await dispatcher.DispatchDueAsync(transport, stoppingToken);
                await wake;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Delivery loop failed; retrying shortly");
                // Real time on purpose: a pause before retrying a failed loop, not business time.
                await Task.Delay(IdleCheck, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
