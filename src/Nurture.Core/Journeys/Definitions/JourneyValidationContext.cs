namespace Nurture.Core.Journeys.Definitions;

/// <summary>What semantic validation needs to know about the world outside the journey file.</summary>
public sealed record JourneyValidationContext(string File, Func<string, bool> TemplateExists);
