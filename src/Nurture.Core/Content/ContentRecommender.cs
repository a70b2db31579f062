using Nurture.Core.Leads;

namespace Nurture.Core.Content;

/// <summary>The next best content for a lead, from the library and performance in force here and the lead's own touches.</summary>
public sealed class ContentRecommender(ContentLibrary library, ContentPerformanceProvider performance)
{
    /// <summary>How many <c>recommended_assets</c> a template sees.</summary>
    public const int DefaultCount = 3;

    public IReadOnlyList<Recommendation> Recommend(Lead lead, IEnumerable<ContentTouch> touches, int mqlThreshold, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var stage = BuyerStages.Of(lead.Stage, lead.EngagementScore, mqlThreshold);
        return NextBestContent.Rank(library.All, stage, Consumed(touches), performance.Current, count);
    }

    /// <summary>The library's assets the touches are about, once each.</summary>
    public IReadOnlyList<LibraryAsset> Consumed(IEnumerable<ContentTouch> touches)
    {
        ArgumentNullException.ThrowIfNull(touches);
        return [.. touches.Where(t => t.Consumes).Select(library.Resolve).OfType<LibraryAsset>().DistinctBy(a => a.Name)];
    }
}
