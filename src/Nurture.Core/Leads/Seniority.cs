using System.Text.RegularExpressions;

namespace Nurture.Core.Leads;

/// <summary>The seniority a job title implies, for fit rules: executive, vp, director, manager, individual.</summary>
public static partial class Seniority
{
    public static string? Of(string? jobTitle)
    {
        if (string.IsNullOrWhiteSpace(jobTitle))
            return null;
        var title = jobTitle.ToLowerInvariant();
        if (Executive().IsMatch(title))
            return "executive";
        if (VicePresident().IsMatch(title))
            return "vp";
        if (Director().IsMatch(title))
            return "director";
        if (Manager().IsMatch(title))
            return "manager";
        return "individual";
    }

    [GeneratedRegex(@"\b(chief|ceo|cto|cfo|cmo|coo|cio|ciso|cro|founder|co-founder|owner|president|partner)\b")]
    private static partial Regex Executive();

    [GeneratedRegex(@"\b(vp|svp|evp|vice president)\b")]
    private static partial Regex VicePresident();

    [GeneratedRegex(@"\b(director|head of|head)\b")]
    private static partial Regex Director();

    [GeneratedRegex(@"\b(manager|lead|principal)\b")]
    private static partial Regex Manager();
}
