using Nurture.Core.Handoff;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Walks unaccepted handoffs up the SLA ladder (remind, reassign, escalate).</summary>
[DisallowConcurrentExecution]
public sealed class SlaJob(SlaSweeper sweeper) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.SweepAsync(cancellationToken);
}
