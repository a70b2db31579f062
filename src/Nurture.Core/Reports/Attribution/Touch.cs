namespace Nurture.Core.Reports.Attribution;

public enum TouchType
{
    /// <summary>A marketing email delivered to the lead.</summary>
    EmailDelivered,

    /// <summary>A human click in a marketing email.</summary>
    EmailClicked,

    /// <summary>A human download of an asset.</summary>
    AssetDownloaded,

    /// <summary>A human page view on the site.</summary>
    PageVisited,

    /// <summary>The lead entered a journey.</summary>
    JourneyEntered,
}

/// <summary>
/// Something the lead met before converting, with what it is credited to: its journey, its email (template),
/// its asset and the site's page, each when it has one. Machine hits are never touches.
/// </summary>
public sealed record Touch(Guid LeadId, TouchType Kind, DateTimeOffset At, string? Journey = null, string? Email = null, string? Asset = null, string? Page = null);

/// <summary>A lead reaching a stage (MQL, SAL, SQL, Customer) or a journey's goal.</summary>
public sealed record Conversion(Guid LeadId, string Stage, DateTimeOffset At);

/// <summary>One touch's share of one conversion.</summary>
public sealed record Credit(Conversion Conversion, Touch Touch, decimal Share);
