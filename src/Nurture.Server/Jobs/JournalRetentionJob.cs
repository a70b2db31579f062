using Nurture.Core.Journeys.Runtime;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Prunes the journal of ended runs past the retention (Journeys:JournalRetention, default 180 days).</summary>
[DisallowConcurrentExecution]
public sealed class JournalRetentionJob(JournalRetention retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PruneAsync(cancellationToken);
}
