using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>
/// Runs <see cref="EmailOptions.Workers"/> delivery loops, each owning one transport (one SMTP
/// connection) for its lifetime. Woken by new outbox rows; the timeout only catches retries coming due.
/// A pass that fails (the database gone, our SMTP set-up refused) is tried again after a pause that
/// doubles up to <see cref="MaxPause"/>; a refused set-up also raises a delivery alert.
/// </summary>
public sealed class DeliveryWorker(
    OutboxDispatcher dispatcher,
    MailTransportFactory transports,
    OutboxWakeup wakeup,
    IDbContextFactory<NurtureDbContext> databases,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    public static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause after failed passes; they double up to it.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        await using var transport = transports.Create();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Subscribe before dispatching, so a commit during the dispatch is not missed.
                var wake = wakeup.WaitAsync(IdleCheck, stoppingToken);
                await dispatcher.DispatchDueAsync(transport, stoppingToken);
                failures = 0;
                await wake;
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SmtpSetupException e)
            {
                // The same refusal comes back every pass: one alert, and a pause that grows.
                if (failures == 0)
                    logger.LogError("Delivery stopped: {Problem}. The queued emails wait; it tries again with growing pauses. {Reply}", e.Problem, e.InnerException?.Message);
                await AlertAsync(e, stoppingToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Delivery pass failed; retrying after a pause");
            }
            failures++;
            // Real time on purpose: a pause before trying again, not business time.
            await Task.Delay(Backoff.After(failures, IdleCheck, MaxPause), TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Tells the operators (the delivery alerts in the app and the API), once until someone resolves it.</summary>
    private async Task AlertAsync(SmtpSetupException failure, CancellationToken cancellationToken)
    {
        var server = options.Value.Smtp.Host ?? "smtp";
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.DeliveryAlerts.AnyAsync(a => a.Domain == server && a.Code == DeliveryAlert.SmtpSetupCode && a.ResolvedAt == null, cancellationToken))
            return;
        var now = time.GetUtcNow();
        db.DeliveryAlerts.Add(new DeliveryAlert
        {
            Id = Guid.CreateVersion7(now),
            Domain = server,
            Code = DeliveryAlert.SmtpSetupCode,
            Detail = Columns.Fit(failure.Message, DeliveryAlert.DetailLength),
            At = now,
            PausedUntil = now, // nothing to pause: nothing leaves until the set-up is fixed
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
