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
    public string? Industry { get; init; }
    public int? CompanySize { get; init; }
    public decimal? AnnualRevenue { get; init; }

    /// <summary>Custom fields by name (<c>{ "renewalDate": "2027-03-01" }</c>); null clears one. Checked against their definitions.</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? Fields { get; init; }

    /// <summary>How the lead gave consent; with <c>doubleOptIn</c> nothing is sent until they confirm.</summary>
    public ConsentInput? Consent { get; init; }

    /// <summary>The text fields read by their API names (<c>firstName</c>…), from a form or a CSV row; numbers and custom fields are the caller's.</summary>
    public static LeadInput FromText(Func<string, string?> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new LeadInput
        {
            Email = text("email"),
            FirstName = text("firstName"),
            LastName = text("lastName"),
            Company = text("company"),
            JobTitle = text("jobTitle"),
            Phone = text("phone"),
            Country = text("country"),
            TimeZone = text("timeZone"),
            Industry = text("industry"),
        };
    }
}

/// <summary>Consent evidence from a form: where, which text, the visitor's IP and user agent.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConsentInput
{
    public bool DoubleOptIn { get; init; }
    public string? Source { get; init; }
    public string? TextVersion { get; init; }
    public string? IpAddress { get; init; }
    public string? UserAgent { get; init; }
}
