namespace Nurture.Core.Leads;

/// <summary>A lead's four scores at one moment: what a ScoreChanged event carries before and after.</summary>
public readonly record struct LeadScores(int Quality, int Fit, int Reliability, int Engagement)
{
    public const string QualityName = "quality";
    public const string FitName = "fit";
    public const string ReliabilityName = "reliability";
    public const string EngagementName = "engagement";

    /// <summary>The names a ScoreCrossed trigger may watch; engagement first, the default.</summary>
    public static readonly IReadOnlyList<string> Dimensions = [EngagementName, FitName, ReliabilityName, QualityName];

    public static LeadScores Of(Lead lead) => new(lead.QualityScore, lead.FitScore, lead.ReliabilityScore, lead.EngagementScore);

    public int Get(string dimension) => dimension switch
    {
        QualityName => Quality,
        FitName => Fit,
        ReliabilityName => Reliability,
        EngagementName => Engagement,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"Not a score: use one of {string.Join(", ", Dimensions)}."),
    };
}
