using Nurture.Core.Content;
using Nurture.Core.Leads;
using static Nurture.Core.Tests.Content.ContentFixture;

namespace Nurture.Core.Tests.Content;

public sealed class NextBestContentTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_deciding_lead_who_read_two_routing_ebooks_gets_the_routing_video_that_moved_others_on_then_the_case_study()
    {
        // Decision-stage leads: 8 of 10 moved on after the video, 2 of 10 after the case study (base rate 10 of 20).
        var performance = new ContentPerformance(new Dictionary<(string, BuyerStage), StageOutcome>
        {
            [(RoutingDemo.Name, BuyerStage.Decision)] = new(10, 8, 0),
            [(AcmeCaseStudy.Name, BuyerStage.Decision)] = new(10, 2, 0),
        });

        var ranked = NextBestContent.Rank(All, BuyerStage.Decision, [RoutingEbook, RoutingAtScale], performance, count: 10);

        Assert.Equal(["routing-demo", "acme-case-study", "scoring-webinar", "why-leads-go-cold", "checklist.pdf"], ranked.Select(r => r.Asset.Name));
        // 3 (its stage) + 2 (two pieces on routing) + 10 × (10.5/15 − 0.5) for its performance, shrunk toward the base rate.
        Assert.Equal(7, ranked[0].Points, precision: 9);
        Assert.Equal("decision-stage video; you read two ebooks on routing; moved 8 of 10 decision leads on within 30 days", ranked[0].Reason);
        Assert.Equal(3, ranked[1].Points, precision: 9);
        Assert.Equal("decision-stage case study; you read two ebooks on routing", ranked[1].Reason);
        Assert.Equal("consideration-stage webinar", ranked[2].Reason);
        Assert.Equal("asset", ranked[4].Reason);
    }

    [Fact]
    public void A_new_lead_gets_its_own_stage_first_then_the_next_one_and_never_what_it_consumed()
    {
        var ranked = NextBestContent.Rank(All, BuyerStage.Awareness, [], ContentPerformance.Empty, count: 4);

        Assert.Equal(["why-leads-go-cold", "routing-101.pdf", "routing-at-scale.pdf", "scoring-webinar"], ranked.Select(r => r.Asset.Name));
        Assert.Equal([3, 1.5, 1.5, 1.5], ranked.Select(r => r.Points));
        Assert.Equal("awareness-stage blog post", ranked[0].Reason);

        var after = NextBestContent.Rank(All, BuyerStage.Awareness, [ColdLeadsBlog, RoutingEbook], ContentPerformance.Empty, count: 10);
        Assert.DoesNotContain(after, r => r.Asset.Name is "why-leads-go-cold" or "routing-101.pdf");
    }

    [Fact]
    public void The_ranking_is_the_same_whatever_the_order_of_the_library_and_the_history()
    {
        var expected = NextBestContent.Rank(All, BuyerStage.Consideration, [ScoringWebinar, RoutingEbook], ContentPerformance.Empty, count: 10);
        var random = new Random(42);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = All.OrderBy(_ => random.Next()).ToList();
            var ranked = NextBestContent.Rank(shuffled, BuyerStage.Consideration, [RoutingEbook, ScoringWebinar], ContentPerformance.Empty, count: 10);
            Assert.Equal(expected, ranked);
        }
    }

    [Fact]
    public void Reasons_name_the_format_when_the_lead_stayed_with_one_and_count_pieces_when_it_did_not()
    {
        var webinar = NextBestContent.Rank([RoutingDemo], BuyerStage.Decision, [ScoringWebinar], ContentPerformance.Empty, 1).Single();
        Assert.Equal("decision-stage video", webinar.Reason); // no shared topic, no shared format: nothing to say

        var mixed = NextBestContent.Rank([AcmeCaseStudy], BuyerStage.Decision, [RoutingEbook, RoutingDemo, RoutingAtScale], ContentPerformance.Empty, 1).Single();
        Assert.Equal("decision-stage case study; you engaged with three pieces on routing", mixed.Reason);

        var pricingEbook = new LibraryAsset("pricing-ebook.pdf", new AssetMetadata { Format = ContentFormat.Ebook }, HasFile: true);
        var sameFormat = NextBestContent.Rank([RoutingAtScale], BuyerStage.Consideration, [ScoringWebinar, pricingEbook], ContentPerformance.Empty, 1).Single();
        Assert.Equal("consideration-stage ebook; you read an ebook", sameFormat.Reason);
    }

    [Fact]
    public void An_asset_with_too_little_evidence_is_ranked_on_its_stage_and_history_alone()
    {
        var performance = new ContentPerformance(new Dictionary<(string, BuyerStage), StageOutcome>
        {
            [(RoutingDemo.Name, BuyerStage.Decision)] = new(4, 4, 0), // four of four, but four is not enough
            [(AcmeCaseStudy.Name, BuyerStage.Decision)] = new(12, 1, 6), // twelve read it, six still open: six decided
        });

        var ranked = NextBestContent.Rank([RoutingDemo, AcmeCaseStudy], BuyerStage.Decision, [], performance, 2);

        Assert.Equal(3, ranked.Single(r => r.Asset == RoutingDemo).Points, precision: 9);
        Assert.DoesNotContain("moved", ranked.Single(r => r.Asset == RoutingDemo).Reason, StringComparison.Ordinal);
        Assert.True(ranked.Single(r => r.Asset == AcmeCaseStudy).Points < 3); // below the stage's base rate
    }

    [Fact]
    public void The_recommender_reads_the_leads_stage_and_counts_a_landing_page_view_as_consumed()
    {
        var recommender = new ContentRecommender(Library(), new ContentPerformanceProvider());
        var lead = new Lead { Email = "ada@example.com", EngagementScore = 10 }; // a Lead, the default stage
        ContentTouch[] touches =
        [
            new(TouchKind.PageView, null, "https://WWW.example.com/webinars/scoring/?utm_source=mail", Now),
            new(TouchKind.Download, "routing-101.pdf", null, Now),
            new(TouchKind.TimeOnPage, null, "https://www.example.com/videos/routing-demo", Now, Seconds: 40), // time alone is no reading
        ];

        Assert.Equal(["scoring-webinar", "routing-101.pdf"], recommender.Consumed(touches).Select(a => a.Name));
        var picks = recommender.Recommend(lead, touches, mqlThreshold: 20, count: 2);

        // Engagement 10 of an MQL threshold of 20: considering.
        Assert.Equal(["routing-at-scale.pdf", "acme-case-study"], picks.Select(p => p.Asset.Name));
        Assert.Equal("consideration-stage ebook; you read an ebook on routing", picks[0].Reason);
    }
}
