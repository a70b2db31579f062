namespace Nurture.Core.Compliance;

/// <summary>Who made a request (a tracked hit, an unsubscribe, a confirmation), as the HTTP layer saw it: kept as proof.</summary>
public sealed record HitInfo(string? IpAddress, string? UserAgent);
