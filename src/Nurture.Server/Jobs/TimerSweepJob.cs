using Nurture.Core.Journeys.Runtime;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Fires due journey timers in batches. One recurring job, whatever the number of waits.</summary>
[DisallowConcurrentExecution]
public sealed class TimerSweepJob(TimerSweeper sweeper) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.SweepAsync(cancellationToken);
}
