using System.Text.RegularExpressions;

namespace Nurture.Core.Signals;

public static partial class SignalTypes
{
    public const string Open = "open";
    public const string Click = "click";
    public const string Download = "download";
    public const string Form = "form";
    public const string Unsubscribe = "unsubscribe";
    public const string Bounce = "bounce";
    public const string Complaint = "complaint";

    /// <summary>Custom types are allowed but must be short, lower-case identifiers ("webinar.attended").</summary>
    public static bool IsValid(string type) => TypePattern().IsMatch(type);

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex TypePattern();
}
