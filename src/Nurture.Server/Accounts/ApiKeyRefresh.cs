namespace Nurture.Server.Accounts;

/// <summary>
/// Reads the stored API keys again every few seconds, so that a key created or revoked through another node
/// is known here too; one indexed read of a small table, on the injected clock.
/// </summary>
public sealed class ApiKeyRefresh(ApiKeyStore keys, TimeProvider time, ILogger<ApiKeyRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A delay per round, not a periodic timer: a clock that jumps months ahead (a fake one in tests, a
        // machine resumed from sleep) then means one read, not one per missed period.
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(ApiKeyStore.RefreshInterval, time, stoppingToken);
            try
            {
                await keys.ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The keys read last stay in force; the next tick tries again.
                logger.LogWarning(e, "Could not read the API keys again");
            }
        }
    }
}
