using Nurture.Core.Content;

namespace Nurture.Core.Tests.Content;

/// <summary>A fixed library, shared by the recommender's and the report's tests.</summary>
internal static class ContentFixture
{
    public static readonly LibraryAsset RoutingEbook = Asset("routing-101.pdf", ContentFormat.Ebook, BuyerStage.Consideration, ["routing"]);
    public static readonly LibraryAsset RoutingAtScale = Asset("routing-at-scale.pdf", ContentFormat.Ebook, BuyerStage.Consideration, ["routing"]);
    public static readonly LibraryAsset ColdLeadsBlog = Page("why-leads-go-cold", ContentFormat.Blog, BuyerStage.Awareness, ["lead-nurturing"], "https://www.example.com/blog/why-leads-go-cold");
    public static readonly LibraryAsset AcmeCaseStudy = Page("acme-case-study", ContentFormat.CaseStudy, BuyerStage.Decision, ["routing"], "https://www.example.com/customers/acme");
    public static readonly LibraryAsset ScoringWebinar = Page("scoring-webinar", ContentFormat.Webinar, BuyerStage.Consideration, ["scoring"], "https://www.example.com/webinars/scoring");
    public static readonly LibraryAsset RoutingDemo = Page("routing-demo", ContentFormat.Video, BuyerStage.Decision, ["routing"], "https://www.example.com/videos/routing-demo");
    public static readonly LibraryAsset Checklist = new("checklist.pdf", new AssetMetadata(), HasFile: true);

    public static readonly IReadOnlyList<LibraryAsset> All = [RoutingEbook, RoutingAtScale, ColdLeadsBlog, AcmeCaseStudy, ScoringWebinar, RoutingDemo, Checklist];

    public static ContentLibrary Library(IEnumerable<LibraryAsset>? assets = null)
    {
        var list = (assets ?? All).ToList();
        var library = new ContentLibrary();
        library.Use(list.Where(a => a.HasFile).Select(a => a.Name), list.ToDictionary(a => a.Name, a => a.Metadata));
        return library;
    }

    private static LibraryAsset Asset(string name, ContentFormat format, BuyerStage stage, string[] topics) =>
        new(name, new AssetMetadata { Format = format, Stage = stage, Topics = topics }, HasFile: true);

    private static LibraryAsset Page(string name, ContentFormat format, BuyerStage stage, string[] topics, string url) =>
        new(name, new AssetMetadata { Format = format, Stage = stage, Topics = topics, Url = url }, HasFile: false);
}
