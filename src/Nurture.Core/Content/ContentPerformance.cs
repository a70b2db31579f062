namespace Nurture.Core.Content;

/// <param name="Consumed">Leads that consumed it while in the stage.</param>
/// <param name="MovedOn">Of those, the ones that moved on within the window.</param>
/// <param name="Open">Of those, the ones whose window has not ended yet and that have not moved on: not decided either way.</param>
public sealed record StageOutcome(int Consumed, int MovedOn, int Open)
{
    public static readonly StageOutcome None = new(0, 0, 0);

    /// <summary>Consumptions whose outcome is known: moved on, or the window ended without.</summary>
    public int Decided => Consumed - Open;

    public double? Rate => Decided == 0 ? null : MovedOn / (double)Decided;

    public StageOutcome Plus(StageOutcome other) => new(Consumed + other.Consumed, MovedOn + other.MovedOn, Open + other.Open);
}

/// <summary>How well each asset moved the leads of each stage on: the recommender's evidence, from the content report.</summary>
public sealed record ContentPerformance(IReadOnlyDictionary<(string Asset, BuyerStage Stage), StageOutcome> ByAsset)
{
    public static readonly ContentPerformance Empty = new(new Dictionary<(string, BuyerStage), StageOutcome>());

    public StageOutcome Of(string asset, BuyerStage stage) => ByAsset.GetValueOrDefault((asset, stage)) ?? StageOutcome.None;

    /// <summary>All assets together for a stage: the base rate an asset is compared with.</summary>
    public StageOutcome Baseline(BuyerStage stage) =>
        ByAsset.Where(p => p.Key.Stage == stage).Aggregate(StageOutcome.None, (sum, p) => sum.Plus(p.Value));
}

/// <summary>The performance in force on this node, refreshed by the content report's job.</summary>
public sealed class ContentPerformanceProvider
{
    private volatile ContentPerformance _current = ContentPerformance.Empty;

    public ContentPerformance Current => _current;

    public void Use(ContentPerformance performance) => _current = performance ?? throw new ArgumentNullException(nameof(performance));
}
