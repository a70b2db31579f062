using Nurture.Core.Hosting;

namespace Nurture.Server.Accounts;

/// <summary>
/// Reads the stored API keys again every few seconds, so that a key created or revoked through another node
/// is known here too; one indexed read of a small table. The keys read last stay in force when it fails.
/// </summary>
public sealed class ApiKeyRefresh(ApiKeyStore keys, TimeProvider time, ILogger<ApiKeyRefresh> logger) : RepeatingService(time, logger)
{
    protected override TimeSpan Interval => ApiKeyStore.RefreshInterval;
    protected override string FailureMessage => "Could not read the API keys again";
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => keys.ReloadAsync(cancellationToken);
}
