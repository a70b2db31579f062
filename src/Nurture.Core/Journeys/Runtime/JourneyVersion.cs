namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// A published, immutable journey version as stored in the database. Instances name their version, so a
/// later change of the file never changes the path of a lead already on its way.
/// </summary>
public sealed class JourneyVersion
{
    public Guid Id { get; set; }
    public required string JourneyId { get; set; }
    public int Version { get; set; }
    public required string DefinitionJson { get; set; }

    /// <summary>SHA-256 of the definition JSON; an unchanged file does not create a new version.</summary>
    public required string Checksum { get; set; }

    public required string Source { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
}
