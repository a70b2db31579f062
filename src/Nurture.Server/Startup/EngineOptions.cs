using Nurture.Core.Compliance;
using Nurture.Core.Configuration;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Webhooks;

namespace Nurture.Server.Startup;

/// <summary>The engine's options, bound from configuration: by the server, and by a simulation's scratch engine.</summary>
public static class EngineOptions
{
    /// <summary>Every options class says what is wrong with its values, naming the key and the value; checked at start.</summary>
    public static IServiceCollection AddEngineOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TrackingOptions>(configuration, TrackingOptions.Section);
        services.AddValidatedOptions<SalesOptions>(configuration, SalesOptions.Section);
        services.AddValidatedOptions<EmailOptions>(configuration, EmailOptions.Section);
        services.AddValidatedOptions<WebhookOptions>(configuration, WebhookOptions.Section);
        services.AddValidatedOptions<JourneyOptions>(configuration, JourneyOptions.Section);
        services.AddValidatedOptions<ComplianceOptions>(configuration, ComplianceOptions.Section);
        services.AddValidatedOptions<Core.Signals.SignalOptions>(configuration, Core.Signals.SignalOptions.Section);
        services.AddValidatedOptions<Core.Scoring.ScoringOptions>(configuration, Core.Scoring.ScoringOptions.Section);
        return services.AddValidatedOptions<Core.Website.WebsiteOptions>(configuration, Core.Website.WebsiteOptions.Section);
    }
}
