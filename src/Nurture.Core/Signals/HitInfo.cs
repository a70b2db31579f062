using Nurture.Core.Data;

namespace Nurture.Core.Signals;

/// <summary>
/// Who made a request (a tracked hit, an unsubscribe, a confirmation), as the HTTP layer saw it: stored on
/// the signal, and on the consent record as proof.
/// </summary>
public sealed record HitInfo(string? IpAddress, string? UserAgent)
{
    public const int IpAddressLength = 64;
    public const int UserAgentLength = 512;

    /// <summary>The same request with each part cut to its column (a user agent can be any length).</summary>
    public HitInfo Fitted() => new(Columns.Fit(IpAddress, IpAddressLength), Columns.Fit(UserAgent, UserAgentLength));
}
