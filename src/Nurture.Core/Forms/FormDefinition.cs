using System.Text.RegularExpressions;
using Nurture.Core.Configuration;

namespace Nurture.Core.Forms;

/// <summary>
/// A form a site embeds, from <c>forms/NAME.json</c> or the web app: the fields it asks (each a lead field),
/// the hidden ones it fills from the page's address (UTM), what follows a submission (a thank-you message or
/// a redirect, the asset it unlocks) and the consent text it shows, with its version.
/// </summary>
public sealed partial record FormDefinition
{
    public const int MaxFields = 30;

    public string Title { get; init; } = "";
    public IReadOnlyList<FormField> Fields { get; init; } = [];

    /// <summary>Asked in place of fields the visitor's lead already has, in this order (progressive profiling).</summary>
    public IReadOnlyList<FormField> Progressive { get; init; } = [];

    /// <summary>Query parameters of the embedding page sent along (<c>utm_source</c>…), kept on the form signal.</summary>
    public IReadOnlyList<string> Hidden { get; init; } = [];

    public string Submit { get; init; } = "Submit";
    public string ThankYou { get; init; } = "Thank you.";

    /// <summary>Where the browser goes after a submission, instead of the thank-you message.</summary>
    public string? Redirect { get; init; }

    /// <summary>The gated asset a submission unlocks (a tracked download link).</summary>
    public string? Asset { get; init; }

    public FormConsent? Consent { get; init; }

    /// <summary>A submission sooner than this after the form was shown is a bot's.</summary>
    public int MinFillSeconds { get; init; } = 3;

    /// <summary>Submissions of this form per minute from everyone together; more are treated as a flood.</summary>
    public int SubmissionsPerMinute { get; init; } = 60;

    public IEnumerable<FormField> AllFields => Fields.Concat(Progressive);

    /// <summary>Parses and checks a form; every problem names where it is (<c>forms/demo.json: fields[1].type: …</c>).</summary>
    public static FormDefinition Parse(string json, string source) => JsonModel.Parse<FormDefinition>(json, source, f => f.Problems());

    public string ToJson() => JsonModel.Serialize(this);

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    private IEnumerable<string> Problems()
    {
        if (Fields.Count is 0 or > MaxFields)
            yield return $"fields: between 1 and {MaxFields} fields (got {Fields.Count}).";
        if (!Fields.Any(f => f.Name == "email" && f.Required))
            yield return "fields: a form needs a required 'email' field: it is how the submission finds its lead.";
        foreach (var problem in FieldProblems("fields", Fields).Concat(FieldProblems("progressive", Progressive)))
            yield return problem;
        foreach (var twice in AllFields.GroupBy(f => f.Name).Where(g => g.Count() > 1))
            yield return $"fields: '{twice.Key}' is asked twice (in fields or progressive).";
        for (var i = 0; i < Hidden.Count; i++)
        {
            if (!HiddenPattern().IsMatch(Hidden[i]))
                yield return $"hidden[{i}]: '{Hidden[i]}' must be a query parameter name (letters, digits, '_' or '-').";
        }
        if (Redirect is { } redirect && !ValidatedOptionsRegistration.IsHttpUrl(redirect))
            yield return $"redirect: '{redirect}' must be an absolute http(s) address.";
        if (Consent is { } consent && (string.IsNullOrWhiteSpace(consent.Text) || string.IsNullOrWhiteSpace(consent.Version)))
            yield return "consent: the text and its version are both required (the version is the consent record's evidence).";
        if (MinFillSeconds is < 0 or > 600)
            yield return $"minFillSeconds: between 0 and 600 (got {MinFillSeconds}).";
        if (SubmissionsPerMinute < 1)
            yield return $"submissionsPerMinute: 1 or more (got {SubmissionsPerMinute}).";
    }

    private static IEnumerable<string> FieldProblems(string list, IReadOnlyList<FormField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var at = $"{list}[{i}]";
            if (!FieldNamePattern().IsMatch(field.Name))
                yield return $"{at}.name: '{field.Name}' must name a lead field (email, firstName, company…) or a custom field.";
            if (string.IsNullOrWhiteSpace(field.Label))
                yield return $"{at}.label: a label is required.";
            if (field.Type == FormFieldType.Select && field.Options.Count == 0)
                yield return $"{at}.options: a select needs its options.";
            if (field.Pattern is { } pattern && !IsRegex(pattern))
                yield return $"{at}.pattern: '{pattern}' is not a valid regular expression.";
            if (field.MaxLength is < 1 or > 2000)
                yield return $"{at}.maxLength: between 1 and 2000 (got {field.MaxLength}).";
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,49}$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$")]
    private static partial Regex HiddenPattern();
}

public enum FormFieldType
{
    Text,
    Email,
    Tel,
    Number,
    Select,
    Textarea,
    Checkbox,
}

public sealed record FormField
{
    public string Name { get; init; } = "";
    public string Label { get; init; } = "";
    public FormFieldType Type { get; init; } = FormFieldType.Text;
    public bool Required { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>A regular expression the whole value must match, and what to say when it does not.</summary>
    public string? Pattern { get; init; }
    public string? PatternMessage { get; init; }

    public IReadOnlyList<string> Options { get; init; } = [];

    public int EffectiveMaxLength => MaxLength ?? (Type == FormFieldType.Textarea ? 2000 : 200);
}

public sealed record FormConsent
{
    public string Text { get; init; } = "";
    public string Version { get; init; } = "";

    /// <summary>The box must be ticked to submit.</summary>
    public bool Required { get; init; } = true;

    /// <summary>A new lead confirms its address by email before anything else is sent.</summary>
    public bool DoubleOptIn { get; init; }
}
