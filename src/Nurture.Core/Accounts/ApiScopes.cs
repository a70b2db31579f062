namespace Nurture.Core.Accounts;

/// <summary>
/// What an API key may do, chosen when it is created: a website form's key records signals and upserts
/// leads, and can neither read them back nor erase them. <see cref="Admin"/> may do everything.
/// </summary>
public static class ApiScopes
{
    public const string SignalsWrite = "signals:write";
    public const string LeadsRead = "leads:read";
    public const string LeadsWrite = "leads:write";
    public const string ContentWrite = "content:write";
    public const string ReportsRead = "reports:read";
    public const string Admin = "admin";

    /// <summary>Every scope and what it allows, in the order the web app and the README list them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [SignalsWrite] = "record signals (POST /api/signals)",
        [LeadsRead] = "read leads, their scores, emails and handoffs",
        [LeadsWrite] = "create, update, merge and import leads; move stages; record consent; accept or reject handoffs",
        [ContentWrite] = "read and change journeys, templates, assets, forms, fields and the scoring model",
        [ReportsRead] = "read the reports, the funnel and journey statistics",
        [Admin] = "everything, including users, keys, erasing and exporting leads and the routing",
    };

    public static bool IsKnown(string scope) => Descriptions.ContainsKey(scope);

    /// <summary>Scopes as stored and configured: separated by spaces or commas, as OAuth writes them.</summary>
    public static IReadOnlyList<string> Parse(string? scopes) =>
        (scopes ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
