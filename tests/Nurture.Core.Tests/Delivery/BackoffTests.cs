using Nurture.Core.Delivery;

namespace Nurture.Core.Tests.Delivery;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(20, 3600)] // capped
    public void Each_attempt_doubles_the_wait_up_to_the_cap_within_twenty_percent(int attempts, double expectedSeconds)
    {
        for (var i = 0; i < 50; i++)
        {
            var delay = Backoff.After(attempts, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)).TotalSeconds;
            Assert.InRange(delay, expectedSeconds * 0.8, expectedSeconds * 1.2);
        }
    }

    [Fact]
    public void Retries_that_failed_together_do_not_come_back_together()
    {
        var delays = Enumerable.Range(0, 100).Select(_ => Backoff.After(3, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1))).Distinct().Count();

        Assert.True(delays > 50, $"only {delays} distinct delays in 100");
    }
}
