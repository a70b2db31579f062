using System.Text.RegularExpressions;
using Nurture.Core.Configuration;

namespace Nurture.Core.Leads.Fields;

/// <summary>The custom fields in force, from <c>workflows/fields.json</c> or the web app.</summary>
public sealed partial record CustomFieldSet
{
    public const int MaxFields = 100;

    public IReadOnlyList<CustomField> Fields { get; init; } = [];

    public static CustomFieldSet Empty { get; } = new();

    public CustomField? Find(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Parses and checks a definition; every problem names where it is (<c>fields.json: fields[1].type: …</c>).</summary>
    public static CustomFieldSet Parse(string json, string source) => JsonModel.Parse<CustomFieldSet>(json, source, s => s.Problems());

    public string ToJson() => JsonModel.Serialize(this);

    /// <summary>What the lead's built-in fields are called: a custom field may not take their names.</summary>
    private static readonly string[] BuiltIn =
        ["email", "firstName", "lastName", "company", "jobTitle", "phone", "country", "timeZone", "industry", "companySize", "annualRevenue", "createdAt"];

    private IEnumerable<string> Problems()
    {
        if (Fields.Count > MaxFields)
            yield return $"fields: at most {MaxFields} custom fields (got {Fields.Count}).";
        for (var i = 0; i < Fields.Count; i++)
        {
            var field = Fields[i];
            if (!NamePattern().IsMatch(field.Name))
                yield return $"fields[{i}].name: '{field.Name}' must be camelCase letters and digits, starting with a lower-case letter (e.g. renewalDate).";
            else if (BuiltIn.Contains(field.Name))
                yield return $"fields[{i}].name: '{field.Name}' is a built-in lead field.";
            if (field.Type == CustomFieldType.Choice && (field.Options.Count == 0 || field.Options.Any(string.IsNullOrWhiteSpace)))
                yield return $"fields[{i}].options: a choice needs its options (non-empty).";
            if (field.Type != CustomFieldType.Choice && field.Options.Count > 0)
                yield return $"fields[{i}].options: only a choice has options.";
        }
        foreach (var twice in Fields.GroupBy(f => f.Name).Where(g => g.Count() > 1))
            yield return $"fields: two fields are named '{twice.Key}'.";
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,49}$")]
    private static partial Regex NamePattern();
}

/// <summary>The custom fields in force; loaded at start, replaced when saved through the API.</summary>
public sealed class CustomFieldsProvider
{
    private volatile CustomFieldSet _current = CustomFieldSet.Empty;

    public CustomFieldSet Current => _current;

    public void Use(CustomFieldSet fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _current = fields;
    }
}
