using Nurture.Core.Reports;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Hourly: runs each experiment's sequential test on what has come in, and declares the winners it finds.</summary>
[DisallowConcurrentExecution]
public sealed class ExperimentJob(ExperimentReport experiments) : IJob
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await experiments.EvaluateAsync(cancellationToken);
}
