using Nurture.Core.Content;
using Nurture.Core.Reports;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Hourly, and at start: how each asset moved each stage's leads on over the last year, for the recommender of this node.</summary>
[DisallowConcurrentExecution]
public sealed class ContentPerformanceJob(ContentReport report, ContentPerformanceProvider performance) : IJob
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        performance.Use(await report.PerformanceAsync(cancellationToken));
}
