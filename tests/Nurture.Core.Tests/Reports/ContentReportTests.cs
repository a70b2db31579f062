using Nurture.Core.Content;
using Nurture.Core.Leads;
using Nurture.Core.Reports;
using static Nurture.Core.Tests.Content.ContentFixture;

namespace Nurture.Core.Tests.Reports;

public sealed class ContentReportTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private const int MqlThreshold = 20; // considering from 10

    private static DateTimeOffset Day(int day) => Day0.AddDays(day);

    [Fact]
    public void Each_asset_is_counted_in_the_stage_its_readers_were_in_and_as_moved_on_when_they_moved_within_30_days()
    {
        var report = Build();

        var blog = report.Assets.Single(a => a.Name == ColdLeadsBlog.Name);
        Assert.Equal((3, 3, 60.0), (blog.PageViews, blog.Leads, blog.AverageSecondsOnPage));
        // A moved on (considering by day 5), B did not in its 30 days, C read it ten days ago: not decided yet.
        Assert.Equal(new StageRow("awareness", 3, 1, 1, 0.5), blog.ByStage.Single(s => s.Stage == "awareness"));
        Assert.All(blog.ByStage.Where(s => s.Stage != "awareness"), s => Assert.Equal(0, s.Consumed));

        var video = report.Assets.Single(a => a.Name == RoutingDemo.Name);
        Assert.Equal(new VideoReach(Quarter: 3, Half: 2, ThreeQuarters: 1, Complete: 1), video.Video);
        Assert.Equal(new StageRow("consideration", 3, 1, 0, 0.3333), video.ByStage.Single(s => s.Stage == "consideration"));

        var ebook = report.Assets.Single(a => a.Name == RoutingEbook.Name);
        Assert.Equal((1, 1), (ebook.Downloads, ebook.Leads));
        Assert.Equal(new StageRow("consideration", 1, 1, 0, 1), ebook.ByStage.Single(s => s.Stage == "consideration"));

        var checklist = report.Assets.Single(a => a.Name == Checklist.Name);
        Assert.Equal((0, null, null), (checklist.Leads, checklist.Format, checklist.Stage));
    }

    [Fact]
    public void Stages_list_the_formats_their_leads_answer_to_and_a_format_with_no_asset_of_the_stage_is_a_gap()
    {
        var report = Build();

        var consideration = report.Stages.Single(s => s.Stage == "consideration");
        Assert.Equal(1, consideration.Assets);
        Assert.Equal([new FormatDemand("video", 3, 0), new FormatDemand("ebook", 1, 1)], consideration.Formats);
        Assert.Equal(new StageRow("consideration", 4, 2, 0, 0.5), consideration.Outcome);
        Assert.Equal([new FormatDemand("blog post", 3, 1)], report.Stages.Single(s => s.Stage == "awareness").Formats);

        var gap = Assert.Single(report.Gaps);
        Assert.Equal(new ContentGap("consideration", "video", 3,
            "3 consideration-stage leads answered to a video, but no video is written for the consideration stage."), gap);
    }

    [Fact]
    public void A_stage_with_no_asset_at_all_is_a_gap()
    {
        var report = ContentReport.Build(Library([ColdLeadsBlog, RoutingEbook]), [], new Dictionary<Guid, LeadTimeline>(), MqlThreshold, Day0, Day(60), Day(60));

        Assert.Equal([new ContentGap("decision", null, 0, "No asset is written for the decision stage.")], report.Gaps);
    }

    private static ContentResults Build()
    {
        var (a, b, c, d, e, f) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var blogUrl = ColdLeadsBlog.Metadata.Url!;
        var videoUrl = RoutingDemo.Metadata.Url!;
        var touches = new List<(Guid, ContentTouch)>
        {
            (a, new(TouchKind.PageView, null, blogUrl + "?utm_source=newsletter", Day(1))),
            (a, new(TouchKind.TimeOnPage, null, blogUrl, Day(1), Seconds: 90)),
            (b, new(TouchKind.PageView, null, blogUrl, Day(1))),
            (b, new(TouchKind.TimeOnPage, null, blogUrl, Day(1), Seconds: 30)),
            (c, new(TouchKind.PageView, null, blogUrl, Day(50))),
            (d, new(TouchKind.Download, RoutingEbook.Name, null, Day(3))),
        };
        foreach (var (lead, marks) in new[] { (d, new[] { 25, 50, 75, 100 }), (e, [25, 50]), (f, [25]) })
            touches.AddRange(marks.Select(mark => (lead, new ContentTouch(TouchKind.Video, RoutingDemo.Name, videoUrl, Day(2), Percent: mark))));

        LeadTimeline Nurtured(params (DateTimeOffset, int)[] engagement) => new([(Day0, LeadStage.Lead)], engagement);
        var timelines = new Dictionary<Guid, LeadTimeline>
        {
            [a] = Nurtured((Day(5), 12)),
            [b] = Nurtured(),
            [c] = Nurtured(),
            [d] = new([(Day0, LeadStage.Lead), (Day(10), LeadStage.Mql)], [(Day0, 12)]),
            [e] = Nurtured((Day0, 12)),
            [f] = Nurtured((Day0, 12)),
        };
        return ContentReport.Build(Library([ColdLeadsBlog, RoutingEbook, RoutingDemo, Checklist]), touches, timelines, MqlThreshold, Day0, Day(60), Day(60));
    }
}
