using System.Text.RegularExpressions;

namespace Nurture.Core.Leads;

/// <summary>
/// Takes email addresses out of text we keep or log that is not a lead's own record (SMTP replies, report
/// details): logs and alerts name leads and messages by id, so an erased lead leaves no address behind in them.
/// </summary>
public static partial class Redaction
{
    public const string Placeholder = "[address]";

    public static string Addresses(string? text) => text is null ? "" : Address().Replace(text, Placeholder);

    [GeneratedRegex(@"[A-Za-z0-9._%+'=!#$&*/?^`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Address();
}
