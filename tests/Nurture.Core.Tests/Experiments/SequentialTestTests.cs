using Nurture.Core.Experiments;

namespace Nurture.Core.Tests.Experiments;

/// <summary>
/// The sequential test against a reference computation, and by simulation: A/A experiments looked at 30 times
/// rarely declare a winner (where a fixed-sample test looked at as often does), and a 20 % lift on a 2 % base
/// rate is found with the power the README states.
/// </summary>
public sealed class SequentialTestTests
{
    private const double Alpha = 0.05, Tau = 0.01;
    private const int Runs = 1000, Looks = 30, PerVariant = 50_000;

    [Fact]
    public void Fixed_counts_give_the_reference_figures()
    {
        // 20 of 1,000 against 40 of 1,000: V = .02·.98/1000 + .04·.96/1000 = 5.8e-5, τ² = 1e-4;
        // Λ = √(5.8e-5/1.58e-4) · exp(.02² · 1e-4 / (2 · 5.8e-5 · 1.58e-4)) = 0.60588 · e^2.18245 = 5.3729.
        var doubled = SequentialTest.Compare(new Tally(1000, 20), new Tally(1000, 40), Alpha, Tau);
        Assert.Equal(0.02, doubled.Difference, 1e-12);
        Assert.Equal(5.372950, doubled.LikelihoodRatio, 1e-5);
        Assert.Equal(0.186118, doubled.PValue, 1e-5);
        Assert.Equal((-0.005316, 0.045316), (Math.Round(doubled.Low, 6), Math.Round(doubled.High, 6)));
        Assert.False(doubled.Significant); // a fixed-sample z-test would say p = 0.009 here: the price of looking every day

        // 40 of 2,000 against 90 of 2,000: V = 3.12875e-5, Λ = 983.05 ≥ 1/α = 20.
        var clear = SequentialTest.Compare(new Tally(2000, 40), new Tally(2000, 90), Alpha, Tau);
        Assert.Equal(983.0467, clear.LikelihoodRatio, 1e-3);
        Assert.Equal((0.007535, 0.042465), (Math.Round(clear.Low, 6), Math.Round(clear.High, 6)));
        Assert.True(clear.Significant);

        Assert.Equal((0.012984, 0.030690), Round(SequentialTest.Wilson(new Tally(1000, 20))));
        Assert.False(SequentialTest.Compare(new Tally(29, 0), new Tally(29, 29), Alpha, Tau).Significant); // too few to judge
    }

    [Fact]
    public void A_thousand_aa_experiments_looked_at_30_times_declare_a_winner_in_at_most_5_percent()
    {
        var sequential = Simulate(0.02, 0.02, seed: 1, (a, b) => SequentialTest.Compare(a, b, Alpha, Tau).Significant);
        var naive = Simulate(0.02, 0.02, seed: 1, (a, b) => Math.Abs(ZScore(a, b)) > 1.96);

        // 5 % plus three standard errors of a proportion estimated from 1,000 runs.
        Assert.True(sequential <= 0.05 + 3 * Math.Sqrt(0.05 * 0.95 / Runs), $"A/A winners: {sequential:P1}");
        Assert.True(naive > 0.10, $"a fixed-sample test looked at {Looks} times declared {naive:P1}"); // why the sequential test is needed
    }

    [Fact]
    public void A_20_percent_lift_on_a_2_percent_base_rate_is_found_with_the_power_the_readme_states()
    {
        var power = Simulate(0.02, 0.024, seed: 2, (a, b) => SequentialTest.Compare(a, b, Alpha, Tau).Significant);

        // README: about 90 % with 50,000 leads per variant and 30 looks; the assertion allows three standard errors.
        Assert.True(power >= 0.90 - 3 * Math.Sqrt(0.9 * 0.1 / Runs), $"power {power:P1}");
    }

    /// <summary>The share of runs that declared a difference at any of the looks.</summary>
    private static double Simulate(double control, double variant, int seed, Func<Tally, Tally, bool> declares)
    {
        var random = new Random(seed);
        var step = PerVariant / Looks;
        var declared = 0;
        for (var run = 0; run < Runs; run++)
        {
            var (a, b) = (new Tally(0, 0), new Tally(0, 0));
            for (var look = 0; look < Looks; look++)
            {
                a = new Tally(a.Exposures + step, a.Conversions + Binomial(random, step, control));
                b = new Tally(b.Exposures + step, b.Conversions + Binomial(random, step, variant));
                if (declares(a, b))
                {
                    declared++;
                    break;
                }
            }
        }
        return declared / (double)Runs;
    }

    private static double ZScore(Tally a, Tally b) =>
        (b.Rate - a.Rate) / Math.Sqrt(a.Rate * (1 - a.Rate) / a.Exposures + b.Rate * (1 - b.Rate) / b.Exposures);

    private static int Binomial(Random random, int n, double p)
    {
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (random.NextDouble() < p)
                count++;
        }
        return count;
    }

    private static (double, double) Round((double Low, double High) interval) => (Math.Round(interval.Low, 6), Math.Round(interval.High, 6));
}
