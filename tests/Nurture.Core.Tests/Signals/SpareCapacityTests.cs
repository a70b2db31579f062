using System.Diagnostics;
using Nurture.Core.Signals;

namespace Nurture.Core.Tests.Signals;

/// <summary>The gate waits on the cores, so on the real clock: checks a millisecond apart, counted.</summary>
public sealed class SpareCapacityTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(1);

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
        var spare = new SpareCapacity(() => 1) { CheckEvery = Quick };

        var wait = spare.WaitAsync(() => false, CancellationToken.None);

        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
    }

    [Fact]
    public async Task A_busy_pool_holds_bulk_work_until_the_queue_averages_under_one_item_over_the_window()
    {
        var looks = new Queue<long>([7, 9, 3, 0, 0, 0, 2, 0, 1, 0, 0, 0]);
        var spare = new SpareCapacity(() => looks.Dequeue()) { CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };

        Assert.True(await spare.WaitAsync(() => false, CancellationToken.None));

        // 7 at the first look starts a wait. Windows of five checks: 9 3 0 0 0 (12), 3 0 0 0 2 (5: one on
        // average, not under), 0 0 0 2 0 (2): released after the eighth look.
        Assert.Equal(4, looks.Count);
    }

    [Fact]
    public async Task Under_load_that_never_lets_up_bulk_work_still_moves_after_the_longest_wait()
    {
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return 50; }) { CheckEvery = Quick, MaxWait = TimeSpan.FromMilliseconds(100) };
        var watch = Stopwatch.StartNew();

        Assert.True(await spare.WaitAsync(() => false, CancellationToken.None));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(100), $"released after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.True(looks >= 2, $"{looks} looks"); // it kept checking, not one long sleep
    }

    [Fact]
    public async Task After_a_wait_runs_out_bulk_work_goes_at_once_for_a_while_then_waits_again()
    {
        // Under load that never lets up, one batch per longest wait would starve the bulk lane.
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return 50; })
        {
            CheckEvery = Quick, MaxWait = TimeSpan.FromMilliseconds(50), RunAfterWait = TimeSpan.FromSeconds(1), // slack for a loaded machine
        };
        Assert.True(await spare.WaitAsync(() => false, CancellationToken.None)); // ran out
        var open = Stopwatch.StartNew();

        looks = 0;
        var passes = 0;
        while (open.Elapsed < TimeSpan.FromMilliseconds(200) && spare.WaitAsync(() => false, CancellationToken.None) is { IsCompleted: true } at)
        {
            Assert.True(await at);
            passes++;
        }
        Assert.True(open.Elapsed >= TimeSpan.FromMilliseconds(200), $"a wait began {open.Elapsed.TotalMilliseconds} ms after the gate opened");
        Assert.True(passes > 1);
        Assert.Equal(0, looks); // open: not even a look at the pool

        await Task.Delay(TimeSpan.FromSeconds(1) - open.Elapsed + TimeSpan.FromMilliseconds(50)); // past the second
        var watch = Stopwatch.StartNew();
        Assert.True(await spare.WaitAsync(() => false, CancellationToken.None));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(50), $"waited {watch.Elapsed.TotalMilliseconds} ms"); // closed again: a whole wait
    }

    [Fact]
    public async Task Once_it_has_seen_a_queue_a_quiet_first_look_is_not_enough_until_a_window_was_calm()
    {
        long queued = 5;
        var looks = 0;
        var spare = new SpareCapacity(() => { looks++; return queued; }) { CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };
        Assert.False(await spare.WaitAsync(() => looks == 3, CancellationToken.None)); // ended by something urgent while busy

        queued = 0; // one empty look can fall between two requests
        looks = 0;
        Assert.True(await spare.WaitAsync(() => false, CancellationToken.None));
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
        var spare = new SpareCapacity(() => { looks++; return 50; }) { CheckEvery = Quick, MaxWait = TimeSpan.FromMinutes(1) };

        Assert.False(await spare.WaitAsync(() => looks == 3, CancellationToken.None));

        Assert.Equal(3, looks);
    }

    [Fact]
    public void No_longest_wait_means_no_wait()
    {
        var spare = new SpareCapacity(() => 50) { MaxWait = TimeSpan.Zero };

        Assert.True(spare.WaitAsync(() => false, CancellationToken.None).IsCompleted);
    }
}
