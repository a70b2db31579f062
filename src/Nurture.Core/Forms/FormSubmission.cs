using Nurture.Core.Signals;

namespace Nurture.Core.Forms;

/// <summary>A form as posted: its values by field name (with the token, the honeypot, the visitor and the hidden fields).</summary>
public sealed record FormSubmission(string Form, IReadOnlyDictionary<string, string> Values, HitInfo Client)
{
    /// <summary>The field no person sees or fills: whatever fills it is a bot.</summary>
    public const string Honeypot = "nurture_hp";
    public const string Token = "nurture_token";
    public const string Visitor = "nurture_visitor";
    public const string Page = "nurture_page";
    public const string Consent = "nurture_consent";

    public string? Value(string name) => Values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

/// <summary>What a submission came to.</summary>
public abstract record FormOutcome
{
    /// <summary>Accepted (or a bot answered as if it were): the thank-you, the redirect, the unlocked asset's link.</summary>
    public sealed record Accepted(string ThankYou, string? Redirect, string? Download, string? Asset) : FormOutcome;

    /// <summary>Refused with an error per field (and one for the form itself), and a fresh token when the old one expired.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors, string? FormError, string? NewToken) : FormOutcome;

    public sealed record NotFound : FormOutcome;
}
