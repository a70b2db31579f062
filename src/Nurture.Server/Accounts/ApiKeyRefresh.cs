namespace Nurture.Server.Accounts;

/// <summary>
/// Reads the stored API keys again every few seconds, so that a key created or revoked through another node
/// is known here too; one indexed read of a small table, on the injected clock.
/// </summary>
public sealed class ApiKeyRefresh(ApiKeyStore keys, TimeProvider time, ILogger<ApiKeyRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ApiKeyStore.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
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
