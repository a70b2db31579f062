using Microsoft.Extensions.Logging;
using Nurture.Core.Data;

namespace Nurture.Core.Hosting;

/// <summary>Renews this node's claims every <see cref="LeaseKeeper.RenewEvery"/>: two rounds may fail before any lease ends.</summary>
public sealed class LeaseRenewal(LeaseKeeper keeper, TimeProvider time, ILogger<LeaseRenewal> logger) : RepeatingService(time, logger)
{
    protected override TimeSpan Interval => LeaseKeeper.RenewEvery;
    protected override string FailureMessage => "Could not renew this node's claims; the next round tries again";
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => keeper.RenewAsync(cancellationToken);
}
