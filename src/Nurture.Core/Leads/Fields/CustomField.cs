using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Core.Leads.Fields;

public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Boolean,
    Choice,
}

/// <summary>
/// A field a marketer defines for every lead ("product interest", "renewal date"). Values are stored as
/// text in one canonical form per type (numbers invariant, dates yyyy-MM-dd, booleans true/false), so
/// conditions, templates and search read them the same way.
/// </summary>
public sealed record CustomField
{
    public const int MaxTextLength = 500;

    /// <summary>camelCase, as in the API and in conditions (<c>fields.renewalDate</c>); snake_case in templates.</summary>
    public string Name { get; init; } = "";
    public string? Label { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter))]
    public CustomFieldType Type { get; init; } = CustomFieldType.Text;

    /// <summary>The allowed values of a choice.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The name templates use: renewalDate → renewal_date.</summary>
    [JsonIgnore]
    public string TemplateName => TemplateNameOf(Name);

    public static string TemplateNameOf(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The value in canonical form, or an error that says what was expected.</summary>
    public bool TryNormalize(JsonElement value, out string? normalized, out string? error)
    {
        (normalized, error) = (null, null);
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return true; // clears the field
            case JsonValueKind.String:
                return TryNormalize(value.GetString()!, out normalized, out error);
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return TryNormalize(value.GetRawText(), out normalized, out error);
            default:
                error = $"expected {Expected}, got {value.ValueKind.ToString().ToLowerInvariant()}.";
                return false;
        }
    }

    public bool TryNormalize(string text, out string? normalized, out string? error)
    {
        (normalized, error) = (null, null);
        text = text.Trim();
        if (text.Length == 0)
            return true;
        switch (Type)
        {
            case CustomFieldType.Number when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number):
                normalized = number.ToString("G29", CultureInfo.InvariantCulture); // 12.50 and 12.5 are one value
                return true;
            case CustomFieldType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                normalized = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case CustomFieldType.Boolean when bool.TryParse(text, out var flag):
                normalized = flag ? "true" : "false";
                return true;
            case CustomFieldType.Choice when Options.FirstOrDefault(o => o.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } option:
                normalized = option;
                return true;
            case CustomFieldType.Text when text.Length <= MaxTextLength:
                normalized = text;
                return true;
            default:
                error = $"'{(text.Length > 60 ? text[..60] + "…" : text)}' is not {Expected}.";
                return false;
        }
    }

    private string Expected => Type switch
    {
        CustomFieldType.Number => "a number",
        CustomFieldType.Date => "a date as YYYY-MM-DD",
        CustomFieldType.Boolean => "true or false",
        CustomFieldType.Choice => $"one of {string.Join(", ", Options)}",
        _ => $"text of at most {MaxTextLength} characters",
    };
}
