using Nurture.Core.Tracking;

namespace Nurture.Core.Tests.Tracking;

public sealed class MessageHitStateTests
{
    private static readonly DateTimeOffset Sent = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    [Fact]
    public void Repeated_hits_from_one_ip_count_once_and_a_new_ip_counts_itself()
    {
        var state = new MessageHitState(Sent, Window);
        for (var i = 0; i < 1_000; i++)
            state.Add("10.0.0.1", Sent.AddMilliseconds(i), honeypot: false);

        Assert.Equal(1, state.Before("10.0.0.1", Sent.AddSeconds(2)).DistinctIpsInBurst);
        Assert.Equal(2, state.Before("10.0.0.2", Sent.AddSeconds(2)).DistinctIpsInBurst);
        Assert.Equal(1, state.Before(null, Sent.AddSeconds(2)).DistinctIpsInBurst);
    }

    [Fact]
    public void An_ip_leaves_the_burst_when_its_last_hit_leaves_the_window()
    {
        var state = new MessageHitState(Sent, Window);
        state.Add("10.0.0.1", Sent, honeypot: false);
        state.Add("10.0.0.2", Sent.AddSeconds(10), honeypot: false);
        state.Add("10.0.0.1", Sent.AddSeconds(30), honeypot: false);

        // At 65 s: 10.0.0.1's first hit has left the window but its second has not; 10.0.0.2's is still in.
        Assert.Equal(2, state.Before("10.0.0.1", Sent.AddSeconds(65)).DistinctIpsInBurst);
        // At 80 s only 10.0.0.1's second hit is left.
        Assert.Equal(1, state.Before("10.0.0.1", Sent.AddSeconds(80)).DistinctIpsInBurst);
        Assert.Equal(2, state.Before("10.0.0.3", Sent.AddSeconds(80)).DistinctIpsInBurst);
        // At 95 s nothing is left: the next hit is alone.
        Assert.Equal(1, state.Before("10.0.0.2", Sent.AddSeconds(95)).DistinctIpsInBurst);
    }

    [Fact]
    public void An_ip_that_followed_the_hidden_link_stays_marked_after_the_window()
    {
        var state = new MessageHitState(Sent, Window);
        state.Add("10.0.0.9", Sent, honeypot: true);

        Assert.True(state.Before("10.0.0.9", Sent.AddHours(1)).HoneypotFromSameIp);
        Assert.False(state.Before("10.0.0.8", Sent.AddHours(1)).HoneypotFromSameIp);
    }
}
