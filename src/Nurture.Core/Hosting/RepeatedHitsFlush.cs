using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Tracking;

namespace Nurture.Core.Hosting;

/// <summary>Writes the counted repeats every <see cref="RepeatedHits.FlushInterval"/>.</summary>
public sealed class RepeatedHitsFlush(RepeatedHits repeats, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, ILogger<RepeatedHitsFlush> logger)
    : RepeatingService(time, logger)
{
    protected override TimeSpan Interval => RepeatedHits.FlushInterval;
    protected override string FailureMessage => "Could not count repeated tracking hits; trying again";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await repeats.FlushAsync(db, cancellationToken);
    }
}
