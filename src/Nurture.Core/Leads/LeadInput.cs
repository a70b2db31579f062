using System.Text.Json.Serialization;

namespace Nurture.Core.Leads;

/// <summary>
/// What the API and importers accept for a lead; validated by <see cref="LeadValidator"/>. Unknown
/// fields are refused, so a typo ("fistName") is reported instead of silently dropped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LeadInput
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Company { get; init; }
    public string? JobTitle { get; init; }
    public string? Phone { get; init; }
    public string? Country { get; init; }
    public string? TimeZone { get; init; }
}
