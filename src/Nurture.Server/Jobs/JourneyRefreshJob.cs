using Nurture.Core.Journeys.Runtime;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Picks up versions published through another node's API, so every node starts leads on the same version.</summary>
[DisallowConcurrentExecution]
public sealed class JourneyRefreshJob(JourneyCatalog catalog) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await catalog.RefreshAsync(cancellationToken);
}
