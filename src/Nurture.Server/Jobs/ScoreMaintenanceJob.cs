using Nurture.Core.Scoring;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Writes engagement decay and inactivity penalties to the ledger.</summary>
[DisallowConcurrentExecution]
public sealed class ScoreMaintenanceJob(ScoreMaintenance maintenance) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await maintenance.SweepAsync(cancellationToken);
}
