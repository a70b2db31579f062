
namespace Nurture.Core.Leads;

public static class LeadValidator
{
    public const int MaxEmailLength = 254; // RFC 5321 path limit
    public const int MaxNameLength = 100;
    public const int MaxFieldLength = 200;

    /// <summary>Returns errors keyed by field name (camelCase, as in the JSON; <c>fields.NAME</c> for custom ones); empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(LeadInput input, Fields.CustomFieldSet? customFields = null)
    {
        var errors = new Dictionary<string, string[]>();

        if (string.IsNullOrWhiteSpace(input.Email))
            errors["email"] = ["Email is required."];
        else if (input.Email.Length > MaxEmailLength)
            errors["email"] = [$"Email must be at most {MaxEmailLength} characters."];
        else if (!EmailAddresses.IsPlainAddress(input.Email.Trim()))
            errors["email"] = [$"'{input.Email}' is not a valid email address."];

        CheckLength(errors, "firstName", input.FirstName, MaxNameLength);
        CheckLength(errors, "lastName", input.LastName, MaxNameLength);
        CheckLength(errors, "company", input.Company, MaxFieldLength);
        CheckLength(errors, "jobTitle", input.JobTitle, MaxFieldLength);
        CheckLength(errors, "phone", input.Phone, 40);
        CheckLength(errors, "country", input.Country, 100);
        CheckLength(errors, "industry", input.Industry, 100);
        if (input.CompanySize is < 0)
            errors["companySize"] = [$"companySize must be 0 or more (got {input.CompanySize})."];
        if (input.AnnualRevenue is < 0)
            errors["annualRevenue"] = [$"annualRevenue must be 0 or more (got {input.AnnualRevenue})."];

        if (input.TimeZone is { Length: > 0 } tz && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            errors["timeZone"] = [$"'{tz}' is not a known IANA time zone."];

        foreach (var (name, value) in input.Fields ?? [])
        {
            if ((customFields ?? Fields.CustomFieldSet.Empty).Find(name) is not { } field)
            {
                var defined = string.Join(", ", (customFields?.Fields ?? []).Select(f => f.Name));
                errors[$"fields.{name}"] = [$"'{name}' is not a custom field; defined: {(defined.Length > 0 ? defined : "none")}."];
            }
            else if (!field.TryNormalize(value, out _, out var problem))
                errors[$"fields.{name}"] = [$"{name}: {problem}"];
        }

        if (input.Consent is { } consent)
        {
            if (consent.DoubleOptIn && string.IsNullOrWhiteSpace(consent.Source))
                errors["consent.source"] = ["A double opt-in needs its source (e.g. \"form:webinar\"): it is the consent record's evidence."];
            CheckLength(errors, "consent.source", consent.Source, 100);
            CheckLength(errors, "consent.textVersion", consent.TextVersion, 100);
            CheckLength(errors, "consent.ipAddress", consent.IpAddress, 64);
            CheckLength(errors, "consent.userAgent", consent.UserAgent, 512);
        }
        return errors;
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static void CheckLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
            errors[field] = [$"{field} must be at most {max} characters (got {value.Length})."];
    }
}
