using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>A validated definition together with the stored version number it runs as.</summary>
public sealed record LoadedJourney(JourneyDefinition Definition, int Version)
{
    public string Id => Definition.Id;
}
