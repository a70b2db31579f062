using Nurture.Core.Signals;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Re-queues signals that were committed but never processed (the inbox's crash recovery).</summary>
[DisallowConcurrentExecution]
public sealed class SignalReplayJob(SignalReplaySweeper sweeper) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.SweepAsync(cancellationToken);
}
