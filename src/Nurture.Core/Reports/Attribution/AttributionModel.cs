namespace Nurture.Core.Reports.Attribution;

/// <summary>How a conversion's one unit of credit is shared among the touches before it.</summary>
public enum AttributionModel
{
    /// <summary>All to the earliest touch.</summary>
    FirstTouch,

    /// <summary>All to the latest touch.</summary>
    LastTouch,

    /// <summary>Equal shares.</summary>
    Linear,

    /// <summary>Halved for every half-life a touch is older than the conversion.</summary>
    TimeDecay,

    /// <summary>40 % to the first, 40 % to the last, 20 % shared by those between (U-shaped).</summary>
    PositionBased,
}

/// <summary>
/// The credit of each touch of one conversion, in decimal so that the shares sum to exactly 1: every share
/// but the last is computed, the last is what remains.
/// </summary>
public static class AttributionCredits
{
    /// <param name="ages">Each touch's age at the conversion, oldest first.</param>
    public static decimal[] Share(AttributionModel model, IReadOnlyList<TimeSpan> ages, TimeSpan halfLife)
    {
        ArgumentNullException.ThrowIfNull(ages);
        var n = ages.Count;
        if (n == 0)
            return [];
        var weights = model switch
        {
            AttributionModel.FirstTouch => [.. Enumerable.Range(0, n).Select(i => i == 0 ? 1m : 0m)],
            AttributionModel.LastTouch => [.. Enumerable.Range(0, n).Select(i => i == n - 1 ? 1m : 0m)],
            AttributionModel.Linear => [.. Enumerable.Repeat(1m, n)],
            AttributionModel.TimeDecay => [.. ages.Select(age => (decimal)Math.Pow(2, -age.TotalSeconds / halfLife.TotalSeconds))],
            AttributionModel.PositionBased => PositionWeights(n),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model, "no such attribution model"),
        };
        return Normalize(weights);
    }

    /// <summary>One touch takes all; two share half each; more: 0.4 first, 0.4 last, 0.2 split between the others.</summary>
    private static decimal[] PositionWeights(int n) => n switch
    {
        1 => [1m],
        2 => [0.5m, 0.5m],
        _ => [.. Enumerable.Range(0, n).Select(i => i == 0 || i == n - 1 ? 0.4m : 0.2m / (n - 2))],
    };

    private static decimal[] Normalize(decimal[] weights)
    {
        var total = weights.Sum();
        var shares = weights.Select(w => w / total).ToArray();
        shares[^1] = 1m - shares[..^1].Sum();
        return shares;
    }
}
