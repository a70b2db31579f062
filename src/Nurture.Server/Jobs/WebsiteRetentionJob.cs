using Nurture.Core.Links;
using Nurture.Core.Website;
using Quartz;

namespace Nurture.Server.Jobs;

/// <summary>Hourly: forgets the nonces of expired one-time tokens, and anonymous visits past Website:AnonymousRetention.</summary>
[DisallowConcurrentExecution]
public sealed class WebsiteRetentionJob(SpentTokens spent, WebsiteHits hits) : IJob
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await spent.PurgeAsync(cancellationToken);
        await hits.PurgeAnonymousAsync(cancellationToken);
    }
}
