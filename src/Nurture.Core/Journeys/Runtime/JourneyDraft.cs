namespace Nurture.Core.Journeys.Runtime;

/// <summary>The editable working copy of a journey; saved even when invalid, published only when valid.</summary>
public sealed class JourneyDraft
{
    public required string JourneyId { get; set; }
    public required string DefinitionJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
