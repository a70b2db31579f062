using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Feedback;
using Nurture.Core.Handoff;
using Nurture.Core.Handoff.Activities;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Privacy;
using Nurture.Core.Processing;
using Nurture.Core.Reports;
using Nurture.Core.Scoring;
using Nurture.Core.Scoring.Reliability;
using Nurture.Core.Signals;
using Nurture.Core.Tracking;
using Nurture.Core.Webhooks;
using Nurture.Core.Work;

namespace Nurture.Core.Hosting;

/// <summary>One registration entry point per concept of the pipeline; options are bound by the host.</summary>
public static class NurtureServiceCollectionExtensions
{
    public static IServiceCollection AddNurtureEngine(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddCluster().AddLeads().AddSignals().AddScoring().AddJourneys().AddMessaging().AddDelivery().AddFeedback().AddTracking()
            .AddWebsite().AddCompliance().AddHandoff().AddWebhooks().AddReports();
    }

    /// <summary>What nodes share through the database: the documents, and the leases renewed while work runs.</summary>
    public static IServiceCollection AddCluster(this IServiceCollection services) =>
        services.AddSingleton<Documents.DocumentStore>()
            .AddSingleton<Data.LeaseKeeper>()
            .AddSingleton<Data.SweepLeases>()
            .AddHostedService(sp => sp.GetRequiredService<Data.SweepLeases>())
            .AddSingleton<LeaseRenewal>()
            .AddHostedService(sp => sp.GetRequiredService<LeaseRenewal>());

    public static IServiceCollection AddLeads(this IServiceCollection services) =>
        services.AddSingleton<LeadService>()
            .AddSingleton<ProfileRescored>()
            .AddSingleton<Leads.Fields.CustomFieldsProvider>()
            .AddSingleton<Processing.Import.LeadImports>()
            .AddSingleton<StageService>()
            .AddSingleton<Duplicates>();

    /// <summary>The dashboard's reports, beside the pipeline: they read, never change, what it wrote.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services) =>
        services.AddSingleton<FunnelReport>()
            .AddSingleton<Reports.EmailReport>()
            .AddSingleton<Reports.ContentReport>()
            .AddSingleton<Reports.Attribution.AttributionReport>()
            .AddSingleton<Reports.ExperimentReport>()
            .AddSingleton<Reports.MatrixReport>()
            .AddSingleton<Reports.SpeedToLeadReport>();

    public static IServiceCollection AddSignals(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SignalOptions>>().Value;
            var spare = new SpareCapacity { MaxWait = options.BulkMaxWait, RunAfterWait = SpareCapacity.RunFor(options.BulkShare, options.BulkMaxWait) };
            return new SignalQueue(Math.Max(1, options.Workers), spare);
        });
        services.AddSingleton<SignalIntake>();
        services.AddSingleton<SignalWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SignalWriter>());
        services.AddSingleton<SignalProcessor>();
        services.AddSingleton<SignalReplaySweeper>();
        services.AddSingleton<HitClassifier>();
        services.AddHostedService<SignalWorker>();
        return services;
    }

    public static IServiceCollection AddScoring(this IServiceCollection services) =>
        services.AddSingleton<ScoringModelProvider>()
            .AddSingleton<IHandRaisers>(sp => sp.GetRequiredService<ScoringModelProvider>())
            .AddSingleton<ScoringService>()
            .AddSingleton<ScoreMaintenance>()
            .AddSingleton<ScoreExplainer>()
            .AddSingleton<ScoringModelService>()
            .AddSingleton<DomainLists>()
            .AddSingleton<IMxLookup>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ScoringOptions>>().Value;
                return new DnsMxLookup(sp.GetRequiredService<TimeProvider>(), options.DnsTimeout, [.. options.DnsServers.Select(System.Net.IPEndPoint.Parse)]);
            })
            .AddSingleton<ReliabilityChecker>();

    public static IServiceCollection AddJourneys(this IServiceCollection services)
    {
        services.AddSingleton<IActivity, SendEmailActivity>();
        services.AddSingleton<IActivity, SendBestContentActivity>();
        services.AddSingleton<IActivity, DelayActivity>();
        services.AddSingleton<IActivity, WaitForSignalActivity>();
        services.AddSingleton<IActivity, ExitActivity>();
        services.AddSingleton<IActivity, ConditionActivity>();
        services.AddSingleton<IActivity, SwitchActivity>();
        services.AddSingleton<IActivity, RandomSplitActivity>();
        services.AddSingleton<IActivity, AdjustScoreActivity>();
        services.AddSingleton<IActivity, SetStageActivity>();
        services.AddSingleton<IActivity, AddTagActivity>();
        services.AddSingleton<IActivity, RemoveTagActivity>();
        services.AddSingleton<IActivity, HandOffActivity>();
        services.AddSingleton<IActivity, WebhookActivity>();
        services.AddSingleton<IActivity, GoalActivity>();
        services.AddSingleton<IActivity, OpaqueActivity>();
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<JourneyValidator>();
        services.AddSingleton<JourneyCatalog>();
        services.AddSingleton<JourneyRunner>();
        services.AddSingleton<DateTriggers>();
        services.AddSingleton<LeadEvents>();
        services.AddSingleton<ILeadEventHandler, JourneyEvents>();
        services.AddSingleton<TimerSweeper>();
        services.TryAddSingleton<IDueWaitClaims, DueWaitClaims>();
        services.AddSingleton<JournalRetention>();
        services.AddSingleton<Journeys.Versions.JourneyMigrator>();
        return services;
    }

    public static IServiceCollection AddMessaging(this IServiceCollection services) =>
        services.AddSingleton<TemplateStore>()
            .AddSingleton<TemplateRenderer>()
            .AddSingleton<EmailRenderer>()
            .AddSingleton<TemplatePreviewService>()
            .AddSingleton<LinkTracker>()
            .AddSingleton<MessageComposer>()
            .AddSingleton<RenderedMarketingMessages>()
            .AddSingleton<IMarketingMessages>(sp => sp.GetRequiredService<RenderedMarketingMessages>())
            .AddSingleton<MarketingEmailQueue>();

    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddSingleton<OutboxWakeup>();
        services.AddSingleton<OutboxWakeupInterceptor>();
        services.AddSingleton<MailTransportFactory>();
        services.AddSingleton<DomainRateLimiter>();
        services.AddSingleton<SendPolicy>();
        services.AddSingleton<ReturnPath>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<DispatchPasses>();
        services.AddHostedService<DeliveryWorker>();
        return services;
    }

    /// <summary>Bounces and complaints coming back (DSN, ARF), from the API or a polled mailbox.</summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackProcessor>();
        services.AddSingleton<FeedbackMailboxPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedbackMailboxPoller>());
        return services;
    }

    public static IServiceCollection AddTracking(this IServiceCollection services) =>
        services.AddSingleton<TokenSigner>()
            .AddSingleton<StoredSecrets>()
            .TryAddPublicAddress()
            .AddSingleton<MessageHits>()
            .AddSingleton<TrackingUrls>()
            .AddSingleton<AssetStore>()
            .AddSingleton<ContentLibrary>()
            .AddSingleton<ContentPerformanceProvider>()
            .AddSingleton<ContentRecommender>()
            .AddSingleton<Experiments.VariantTemplates>()
            .AddSingleton<Experiments.ExperimentWinners>()
            .AddSingleton<TrackingService>()
            .AddSingleton<RepeatedHits>()
            .AddSingleton<RepeatedHitsFlush>()
            .AddHostedService(sp => sp.GetRequiredService<RepeatedHitsFlush>())
            .AddSingleton<HitReview>()
            .AddSingleton<UnsubscribeService>();

    /// <summary>The company's own site: its visitors, their page views, one-time identity links.</summary>
    public static IServiceCollection AddWebsite(this IServiceCollection services) =>
        services.AddSingleton<SpentTokens>()
            .AddSingleton<Website.VisitorLinks>()
            .AddSingleton<Website.VisitorIdentity>()
            .AddSingleton<Website.WebsiteHits>()
            .AddSingleton<Website.HitRateLimits>()
            .AddSingleton<Forms.FormCatalog>()
            .AddSingleton<Forms.FormTokens>()
            .AddSingleton<Forms.FormSubmissions>();

    /// <summary>Suppression, consent records and GDPR export and erase, beside the pipeline.</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services) =>
        services.AddSingleton<SuppressionService>()
            .AddSingleton<ConsentService>()
            .AddSingleton<LeadPrivacyService>();

    public static IServiceCollection AddHandoff(this IServiceCollection services) =>
        services.AddSingleton<HandoffService>()
            .AddSingleton<LeadQualification>()
            .AddSingleton<Handoff.Routing.RoutingProvider>()
            .AddSingleton<Handoff.Routing.Router>()
            .AddSingleton<HandoffActions>()
            .AddSingleton<SlaSweeper>();

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<WebhookDestinations>();
        services.AddOptions<WebhookOptions>().PostConfigure<IOptions<SalesOptions>>((webhooks, sales) =>
            webhooks.CrmHost = Uri.TryCreate(sales.Value.CrmWebhookUrl, UriKind.Absolute, out var crm) ? crm.IdnHost : null);
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookWorker>();
        return services;
    }

    /// <summary>Tracking:PublicBaseUrl, unless the host registered a <see cref="PublicAddress"/> that also knows where it listens.</summary>
    private static IServiceCollection TryAddPublicAddress(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new PublicAddress(() =>
            sp.GetRequiredService<IOptions<TrackingOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
                ? new Uri(configured)
                : throw new InvalidOperationException("Tracking:PublicBaseUrl is not set, and this host does not say where it listens.")));
        return services;
    }
}
