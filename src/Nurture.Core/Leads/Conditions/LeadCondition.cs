using System.Globalization;
using System.Text.Json;
using Nurture.Core.Leads;

namespace Nurture.Core.Leads.Conditions;

/// <summary>
/// A condition over a lead, as designers write it in JSON: <c>{ "field": "country", "operator": "in",
/// "value": ["UK", "IE"] }</c>, combined with <c>all</c>, <c>any</c> and <c>not</c>. Data, not code: nothing
/// is evaluated but these comparisons.
/// </summary>
public sealed record LeadCondition
{
    public IReadOnlyList<LeadCondition>? All { get; init; }
    public IReadOnlyList<LeadCondition>? Any { get; init; }
    public LeadCondition? Not { get; init; }
    public string? Field { get; init; }
    public string? Operator { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Value { get; init; }

    /// <summary>For people: <c>quality gte 70</c>, <c>(fit gte 50 and engagement gte 20)</c>.</summary>
    public override string ToString() =>
        All is not null ? $"({string.Join(" and ", All)})"
        : Any is not null ? $"({string.Join(" or ", Any)})"
        : Not is not null ? $"not {Not}"
        : Value.ValueKind == JsonValueKind.Undefined ? $"{Field} {Operator}" : $"{Field} {Operator} {Value.GetRawText()}";

    public static readonly IReadOnlyList<string> Fields =
        ["email", "firstName", "lastName", "company", "jobTitle", "seniority", "industry", "companySize", "revenue", "phone", "country", "timeZone",
         "stage", "score", "engagement", "fit", "reliability", "quality", "tags"];

    public static readonly IReadOnlyList<string> Operators =
        ["equals", "notEquals", "contains", "startsWith", "endsWith", "in", "notIn", "gt", "gte", "lt", "lte", "exists", "notExists"];

    public bool Evaluate(Lead lead)
    {
        if (All is not null)
            return All.All(c => c.Evaluate(lead));
        if (Any is not null)
            return Any.Any(c => c.Evaluate(lead));
        if (Not is not null)
            return !Not.Evaluate(lead);
        return Field == "tags" ? EvaluateTags(lead.Tags) : Compare(ValueOf(lead, Field!));
    }

    /// <summary>Problems with this condition, as "path: message" pairs (empty when valid).</summary>
    public IEnumerable<string> Problems(string path = "condition")
    {
        var forms = new[] { All is not null, Any is not null, Not is not null, Field is not null }.Count(f => f);
        if (forms != 1)
        {
            yield return $"{path}: give exactly one of 'all', 'any', 'not' or 'field'.";
            yield break;
        }
        var children = All ?? Any ?? (Not is null ? [] : [Not]);
        var name = All is not null ? "all" : Any is not null ? "any" : "not";
        for (var i = 0; i < children.Count; i++)
        {
            foreach (var problem in children[i].Problems(Not is null ? $"{path}.{name}[{i}]" : $"{path}.not"))
                yield return problem;
        }
        if (Field is null)
            yield break;
        if (!Fields.Contains(Field) && !IsCustomField(Field))
            yield return $"{path}.field: unknown field '{Field}'; known: {string.Join(", ", Fields)}, or fields.NAME for a custom field.";
        if (Operator is null || !Operators.Contains(Operator))
            yield return $"{path}.operator: unknown operator '{Operator}'; known: {string.Join(", ", Operators)}.";
        else if (Operator is not ("exists" or "notExists") && Value.ValueKind == JsonValueKind.Undefined)
            yield return $"{path}.value: operator '{Operator}' needs a value.";
        else if (Operator is "in" or "notIn" && Value.ValueKind != JsonValueKind.Array)
            yield return $"{path}.value: operator '{Operator}' needs an array.";
        else if (Operator is "gt" or "gte" or "lt" or "lte" && Value.ValueKind != JsonValueKind.Number)
            yield return $"{path}.value: operator '{Operator}' needs a number.";
        else if (Field == "stage" && Operator is "equals" or "notEquals" or "in" or "notIn" or "gt" or "gte" or "lt" or "lte")
        {
            // Compared as names: "3" or a misspelling would silently never match.
            var stages = Value.ValueKind == JsonValueKind.Array ? Value.EnumerateArray().ToList() : Value.ValueKind == JsonValueKind.Undefined ? [] : [Value];
            foreach (var stage in stages)
            {
                if (stage.ValueKind != JsonValueKind.String || !LeadStages.TryParse(stage.GetString(), out _))
                    yield return $"{path}.value: {LeadStages.NotAStage(stage.ValueKind == JsonValueKind.String ? stage.GetString() : stage.GetRawText())}";
            }
        }
    }

    /// <summary>A marketer's own field, <c>fields.renewalDate</c>; its definition is checked where the fields are known.</summary>
    public static bool IsCustomField(string field) =>
        field.StartsWith(CustomPrefix, StringComparison.Ordinal) && field.Length > CustomPrefix.Length && field[CustomPrefix.Length..].All(char.IsAsciiLetterOrDigit);

    public const string CustomPrefix = "fields.";

    private static string? ValueOf(Lead lead, string field) => field switch
    {
        _ when IsCustomField(field) => lead.Fields.GetValueOrDefault(field[CustomPrefix.Length..]),
        "email" => lead.Email,
        "firstName" => lead.FirstName,
        "lastName" => lead.LastName,
        "company" => lead.Company,
        "jobTitle" => lead.JobTitle,
        "seniority" => Seniority.Of(lead.JobTitle),
        "industry" => lead.Industry,
        "companySize" => lead.CompanySize?.ToString(CultureInfo.InvariantCulture),
        "revenue" => lead.AnnualRevenue?.ToString(CultureInfo.InvariantCulture),
        "phone" => lead.Phone,
        "country" => lead.Country,
        "timeZone" => lead.TimeZone,
        "stage" => lead.Stage.ToString(),
        "score" or "engagement" => lead.EngagementScore.ToString(CultureInfo.InvariantCulture),
        "fit" => lead.FitScore.ToString(CultureInfo.InvariantCulture),
        "reliability" => lead.ReliabilityScore.ToString(CultureInfo.InvariantCulture),
        "quality" => lead.QualityScore.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private bool EvaluateTags(IReadOnlyCollection<string> tags) => Operator switch
    {
        "exists" => tags.Count > 0,
        "notExists" => tags.Count == 0,
        "contains" or "equals" => tags.Contains(Text(Value), StringComparer.OrdinalIgnoreCase),
        "notEquals" => !tags.Contains(Text(Value), StringComparer.OrdinalIgnoreCase),
        "in" => Value.EnumerateArray().Any(v => tags.Contains(Text(v), StringComparer.OrdinalIgnoreCase)),
        "notIn" => !Value.EnumerateArray().Any(v => tags.Contains(Text(v), StringComparer.OrdinalIgnoreCase)),
        _ => false,
    };

    private bool Compare(string? actual)
    {
        const StringComparison ignoreCase = StringComparison.OrdinalIgnoreCase;
        return Operator switch
        {
            "exists" => !string.IsNullOrEmpty(actual),
            "notExists" => string.IsNullOrEmpty(actual),
            _ when actual is null => Operator is "notEquals" or "notIn",
            "equals" => actual.Equals(Expected(Value), ignoreCase),
            "notEquals" => !actual.Equals(Expected(Value), ignoreCase),
            "contains" => actual.Contains(Text(Value), ignoreCase),
            "startsWith" => actual.StartsWith(Text(Value), ignoreCase),
            "endsWith" => actual.EndsWith(Text(Value), ignoreCase),
            "in" => Value.EnumerateArray().Any(v => actual.Equals(Expected(v), ignoreCase)),
            "notIn" => !Value.EnumerateArray().Any(v => actual.Equals(Expected(v), ignoreCase)),
            "gt" or "gte" or "lt" or "lte" => decimal.TryParse(actual, CultureInfo.InvariantCulture, out var number) && CompareNumber(number, Value.GetDecimal()),
            _ => false,
        };
    }

    private bool CompareNumber(decimal actual, decimal expected) => Operator switch
    {
        "gt" => actual > expected,
        "gte" => actual >= expected,
        "lt" => actual < expected,
        _ => actual <= expected,
    };

    // Leads' countries are stored as ISO codes, so "UK" or "France" in a rule means GB or FR.
    private string Expected(JsonElement value) =>
        Field == "country" && Leads.Geography.Countries.TryNormalize(Text(value), out var code) ? code : Text(value);

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
}
