namespace Nurture.Core.Experiments;

/// <summary>Conversions out of exposures, for one variant.</summary>
public readonly record struct Tally(int Exposures, int Conversions)
{
    public double Rate => Exposures == 0 ? 0 : Conversions / (double)Exposures;
}

/// <param name="Difference">The variant's rate minus the control's.</param>
/// <param name="Low">The always-valid confidence sequence for the difference (valid however often it is looked at).</param>
/// <param name="PValue">The always-valid p-value at this look: 1 / Λ, at most 1.</param>
/// <param name="Significant">Λ ≥ 1/α: the rates differ, at the test's false-positive rate, whenever it is looked at.</param>
public sealed record Comparison(double Difference, double Low, double High, double LikelihoodRatio, double PValue, bool Significant);

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh ("Always valid inference",
/// 2017) for the difference of two rates, under the normal approximation: with the difference's prior
/// N(0, τ²), the likelihood ratio is Λ = √(V/(V+τ²)) · exp(θ̂² τ² / (2V(V+τ²))), where θ̂ is the observed
/// difference and V its variance. Λ is a martingale under "no difference", so stopping the first time
/// Λ ≥ 1/α keeps the false-positive rate at most α however many times the results are looked at; a fixed-sample
/// test looked at daily does not (its real rate climbs past 20 %).
/// </summary>
public static class SequentialTest
{
    /// <summary>Exposures each side needs before the normal approximation is trusted.</summary>
    public const int MinExposures = 30;

    public static Comparison Compare(Tally control, Tally variant, double alpha, double tau)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        var difference = variant.Rate - control.Rate;
        var v = Variance(control) + Variance(variant);
        if (control.Exposures < MinExposures || variant.Exposures < MinExposures || v <= 0)
            return new Comparison(difference, -1, 1, 1, 1, Significant: false);
        var t2 = tau * tau;
        var ratio = Math.Sqrt(v / (v + t2)) * Math.Exp(difference * difference * t2 / (2 * v * (v + t2)));
        // The differences θ whose own Λ(θ) stays below 1/α: θ̂ ± √(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))).
        var half = Math.Sqrt(v * (v + t2) / t2 * (2 * Math.Log(1 / alpha) + Math.Log((v + t2) / v)));
        return new Comparison(difference, difference - half, difference + half, ratio, Math.Min(1, 1 / ratio), ratio >= 1 / alpha);
    }

    private static double Variance(Tally tally) => tally.Exposures == 0 ? 0 : tally.Rate * (1 - tally.Rate) / tally.Exposures;

    /// <summary>The Wilson 95 % interval of one rate, for display (a fixed-sample interval: the decision is the test's, not this).</summary>
    public static (double Low, double High) Wilson(Tally tally)
    {
        if (tally.Exposures == 0)
            return (0, 1);
        const double z = 1.959963984540054;
        var n = (double)tally.Exposures;
        var p = tally.Rate;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
