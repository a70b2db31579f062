using System.Text.RegularExpressions;

namespace Nurture.Core.Signals;

public static partial class SignalTypes
{
    public const string Open = "open";
    public const string Click = "click";
    public const string Download = "download";
    public const string Form = "form";

    /// <summary>A page of the company's site, reported by its tracking script (<c>/w.js</c>).</summary>
    public const string PageView = "page_view";

    /// <summary>Time spent on a page (seconds visible), reported when the visitor leaves it.</summary>
    public const string PageEngaged = "page_engaged";

    /// <summary>How far a video was watched (25, 50, 75 or 100 %), reported by the page.</summary>
    public const string VideoProgress = "video_progress";
    public const string Unsubscribe = "unsubscribe";
    public const string Bounce = "bounce";
    public const string Complaint = "complaint";

    /// <summary>Custom types are allowed but must be short, lower-case identifiers ("webinar.attended").</summary>
    public static bool IsValid(string type) => TypePattern().IsMatch(type);

    [GeneratedRegex("^[a-z][a-z0-9._-]{0,63}$")]
    private static partial Regex TypePattern();
}
