using System.Globalization;

namespace Nurture.Core.Content;

/// <summary>An asset picked for a lead, with its points and the reason in words.</summary>
public sealed record Recommendation(LibraryAsset Asset, double Points, string Reason);

/// <summary>
/// Ranks the assets a lead has not consumed: by its funnel stage, by the topics and formats of what it engaged
/// with, and by how well each asset moved leads of that stage on. Every point has a reason in words
/// ("decision-stage case study; you read two ebooks on routing"), and ties go by name, so a ranking is the
/// same for the same library and history.
/// </summary>
public static class NextBestContent
{
    public const double SameStage = 3, NextStage = 1.5, OtherStage = 0.5;
    public const double PerTopicPiece = 1, PerFormatPiece = 0.5;

    /// <summary>Pieces counted per topic or format at most: ten ebooks do not outweigh the stage.</summary>
    public const int MaxPieces = 3;

    /// <summary>Decided consumptions an asset needs in a stage before its performance counts.</summary>
    public const int MinEvidence = 5;

    /// <summary>Points per unit of lift over the stage's base rate (20 points of rate over it: +2).</summary>
    public const double PerLift = 10;

    public static IReadOnlyList<Recommendation> Rank(
        IReadOnlyList<LibraryAsset> library, BuyerStage stage, IReadOnlyCollection<LibraryAsset> consumed, ContentPerformance performance, int count)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(consumed);
        ArgumentNullException.ThrowIfNull(performance);
        var seen = consumed.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var baseline = performance.Baseline(stage);
        return [.. library
            .Where(a => !seen.Contains(a.Name))
            .Select(a => Score(a, stage, consumed, performance.Of(a.Name, stage), baseline))
            .OrderByDescending(r => Math.Round(r.Points, 9))
            .ThenBy(r => r.Asset.Name, StringComparer.Ordinal)
            .Take(Math.Max(0, count))];
    }

    private static Recommendation Score(LibraryAsset asset, BuyerStage stage, IReadOnlyCollection<LibraryAsset> consumed, StageOutcome outcome, StageOutcome baseline)
    {
        var meta = asset.Metadata;
        var reasons = new List<string> { Describe(meta) };
        var points = meta.Stage switch
        {
            null => 0,
            var s when s == stage => SameStage,
            var s when s == stage + 1 => NextStage,
            _ => OtherStage,
        };

        var onTopic = meta.Topics
            .Select(t => (Topic: t, Pieces: consumed.Where(c => c.Metadata.Topics.Contains(t)).ToList()))
            .Where(t => t.Pieces.Count > 0)
            .ToList();
        points += onTopic.Sum(t => Math.Min(t.Pieces.Count, MaxPieces)) * PerTopicPiece;
        var sameFormat = meta.Format is { } format ? consumed.Where(c => c.Metadata.Format == format).ToList() : [];
        points += Math.Min(sameFormat.Count, MaxPieces) * PerFormatPiece;
        if (onTopic.OrderByDescending(t => t.Pieces.Count).ThenBy(t => t.Topic, StringComparer.Ordinal).FirstOrDefault() is { Pieces.Count: > 0 } strongest)
            reasons.Add($"you {Engaged(strongest.Pieces)} on {strongest.Topic.Replace('-', ' ')}");
        else if (sameFormat.Count > 0)
            reasons.Add($"you {Engaged(sameFormat)}");

        if (outcome.Decided >= MinEvidence && baseline.Rate is { } baseRate)
        {
            // Shrunk toward the base rate, so five lucky leads do not make a star.
            var rate = (outcome.MovedOn + baseRate * MinEvidence) / (outcome.Decided + MinEvidence);
            var lift = rate - baseRate;
            points += lift * PerLift;
            if (lift > 0)
                reasons.Add($"moved {outcome.MovedOn} of {outcome.Decided} {BuyerStages.Name(stage)} leads on within {ContentOutcomes.Window.Days} days");
        }
        return new Recommendation(asset, points, string.Join("; ", reasons));
    }

    /// <summary>"decision-stage case study", "video", or "asset" when nothing is known of it.</summary>
    private static string Describe(AssetMetadata meta)
    {
        var format = meta.Format is { } f ? FormatName(f, 1) : "asset";
        return meta.Stage is { } stage ? $"{BuyerStages.Name(stage)}-stage {format}" : format;
    }

    /// <summary>"read two ebooks", "watched a webinar", "engaged with three pieces".</summary>
    private static string Engaged(IReadOnlyList<LibraryAsset> pieces)
    {
        var formats = pieces.Select(p => p.Metadata.Format).Distinct().ToList();
        if (formats is [{ } format])
            return $"{Verb(format)} {Count(pieces.Count, FormatName(format, pieces.Count))}";
        return $"engaged with {Count(pieces.Count, pieces.Count == 1 ? "piece" : "pieces")}";
    }

    private static string Verb(ContentFormat format) => format is ContentFormat.Video or ContentFormat.Webinar ? "watched" : "read";

    public static string FormatName(ContentFormat format, int count) => (format, count == 1) switch
    {
        (ContentFormat.Blog, true) => "blog post",
        (ContentFormat.Blog, false) => "blog posts",
        (ContentFormat.Ebook, true) => "ebook",
        (ContentFormat.Ebook, false) => "ebooks",
        (ContentFormat.Whitepaper, true) => "white paper",
        (ContentFormat.Whitepaper, false) => "white papers",
        (ContentFormat.TechnicalArticle, true) => "technical article",
        (ContentFormat.TechnicalArticle, false) => "technical articles",
        (ContentFormat.Video, true) => "video",
        (ContentFormat.Video, false) => "videos",
        (ContentFormat.Webinar, true) => "webinar",
        (ContentFormat.Webinar, false) => "webinars",
        (ContentFormat.CaseStudy, true) => "case study",
        _ => "case studies",
    };

    private static readonly string[] Words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    /// <summary>"an ebook", "a video", "two ebooks", "12 blog posts".</summary>
    private static string Count(int count, string noun) => count switch
    {
        1 => ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun,
        < 11 => $"{Words[count]} {noun}",
        _ => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}",
    };
}
