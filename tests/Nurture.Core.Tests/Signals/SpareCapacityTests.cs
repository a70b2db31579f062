using Microsoft.Extensions.Time.Testing;
using Nurture.Core.Signals;

namespace Nurture.Core.Tests.Signals;

/// <summary>
/// The gate waits on the cores, on the real clock in the product; here on a fake one, advanced a check at a
/// time (<see cref="FakeClock.Drive{T}"/>), so every duration below is exact and nothing can flake.
/// </summary>
public sealed class SpareCapacityTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(1);

    private readonly FakeClock _clock = new();

    [Theory]
    [InlineData(0.1, 2000, 222.2)] // a tenth of the time: 0.22 s open after each 2 s wait
    [InlineData(0.2, 2000, 500)]
    [InlineData(0, 2000, 0)] // one batch per wait
    public void The_gate_stays_open_long_enough_after_each_wait_for_bulk_work_to_keep_its_share(double share, int maxWaitMs, double openMs)
    {
        var open = SpareCapacity.RunFor(share, TimeSpan.FromMilliseconds(maxWaitMs));

        Assert.Equal(openMs, open.TotalMilliseconds, 0.1);
        Assert.Equal(share, open / (open + TimeSpan.FromMilliseconds(maxWaitMs)), 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpareCapacity.RunFor(1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_calm_pool_lets_bulk_work_go_at_once()
    {
        var spare = new SpareCapacity(() => 1) { Clock = _clock.Time, CheckEvery = Quick };

        var wait = spare.WaitAsync(() => false, CancellationToken.None);

        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
    }

    [Fact]
    public async Task A_busy_pool_holds_bulk_work_until_the_queue_averages_under_one_item_over_the_window()
    {
        var looks = new Queue<long>([7, 9, 3, 0, 0, 0, 2, 0, 1, 0, 0, 0]);
        var spare = new SpareCapacity(() => looks.Dequeue()) { Clock = _clock.Time, CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };

        Assert.True(await _clock.Drive(spare.WaitAsync(() => false, CancellationToken.None), Quick));
        Assert.Equal(TimeSpan.FromMilliseconds(7), _clock.Elapsed); // seven checks, a millisecond apart

        // 7 at the first look starts a wait. Windows of five checks: 9 3 0 0 0 (12), 3 0 0 0 2 (5: one on
        // average, not under), 0 0 0 2 0 (2): released after the eighth look.
        Assert.Equal(4, looks.Count);
    }

    [Fact]
    public async Task Under_load_that_never_lets_up_bulk_work_still_moves_after_the_longest_wait()
    {
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return 50; }) { Clock = _clock.Time, CheckEvery = Quick, MaxWait = TimeSpan.FromMilliseconds(100) };

        Assert.True(await _clock.Drive(spare.WaitAsync(() => false, CancellationToken.None), Quick));

        Assert.Equal(TimeSpan.FromMilliseconds(100), _clock.Elapsed);
        Assert.Equal(101, looks); // the first look, then one per check: it kept checking, not one long sleep
    }

    [Fact]
    public async Task After_a_wait_runs_out_bulk_work_goes_at_once_for_a_while_then_waits_again()
    {
        // Under load that never lets up, one batch per longest wait would starve the bulk lane.
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return 50; })
        {
            Clock = _clock.Time, CheckEvery = Quick, MaxWait = TimeSpan.FromMilliseconds(50), RunAfterWait = TimeSpan.FromSeconds(1),
        };
        Assert.True(await _clock.Drive(spare.WaitAsync(() => false, CancellationToken.None), Quick)); // ran out
        var openedAt = _clock.Elapsed;

        looks = 0;
        for (var passes = 0; passes < 10; passes++)
        {
            var pass = spare.WaitAsync(() => false, CancellationToken.None);
            Assert.True(pass.IsCompleted); // open: at once
            Assert.True(await pass);
            _clock.Time.Advance(TimeSpan.FromMilliseconds(99)); // ten passes over 990 ms, all within the second
        }
        Assert.Equal(0, looks); // open: not even a look at the pool

        _clock.Time.Advance(openedAt + TimeSpan.FromSeconds(1) - _clock.Elapsed); // the second is over
        var closedAt = _clock.Elapsed;
        var wait = spare.WaitAsync(() => false, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        Assert.True(await _clock.Drive(wait, Quick));
        Assert.Equal(TimeSpan.FromMilliseconds(50), _clock.Elapsed - closedAt); // closed again: a whole wait
    }

    [Fact]
    public async Task Once_it_has_seen_a_queue_a_quiet_first_look_is_not_enough_until_a_window_was_calm()
    {
        long queued = 5;
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return queued; }) { Clock = _clock.Time, CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };
        Assert.False(await _clock.Drive(spare.WaitAsync(() => looks == 3, CancellationToken.None), Quick)); // ended by something urgent while busy

        queued = 0; // one empty look can fall between two requests
        looks = 0;
        Assert.True(await _clock.Drive(spare.WaitAsync(() => false, CancellationToken.None), Quick));
        Assert.Equal(5, looks); // no shortcut: a whole window of checks

        looks = 0;
        var calm = spare.WaitAsync(() => false, CancellationToken.None);
        Assert.True(calm.IsCompleted); // calm again: at once
        Assert.Equal(1, looks);
    }

    [Fact]
    public async Task Something_more_urgent_ends_the_wait_at_the_next_check()
    {
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return 50; }) { Clock = _clock.Time, CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };

        Assert.False(await _clock.Drive(spare.WaitAsync(() => looks == 3, CancellationToken.None), Quick));

        Assert.Equal(3, looks);
    }

    [Fact]
    public void No_longest_wait_means_no_wait()
    {
        var spare = new SpareCapacity(() => 50) { Clock = _clock.Time, MaxWait = TimeSpan.Zero };

        Assert.True(spare.WaitAsync(() => false, CancellationToken.None).IsCompleted);
    }
}
