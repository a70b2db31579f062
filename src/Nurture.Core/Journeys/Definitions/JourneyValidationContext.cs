namespace Nurture.Core.Journeys.Definitions;

/// <summary>What semantic validation needs to know about the world outside the journey file.</summary>
public sealed record JourneyValidationContext(string File, Func<string, bool> TemplateExists)
{
    /// <summary>Whether a date field a DateReached trigger names exists; null accepts any (files checked without a server).</summary>
    public Func<string, bool>? DateFieldExists { get; init; }
}
