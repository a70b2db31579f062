namespace Nurture.Core.Journeys.Definitions;

/// <summary>What is wrong with a journey, and where: file, line/column, activity and property.</summary>
public sealed record JourneyError(string File, string Message)
{
    public int? Line { get; init; }
    public int? Column { get; init; }
    public string? ActivityId { get; init; }
    public string? Property { get; init; }

    public override string ToString()
    {
        var parts = new List<string> { Line is { } line ? $"{File}:{line}:{Column}" : File };
        if (ActivityId is not null)
            parts.Add($"activity '{ActivityId}'");
        if (Property is not null)
            parts.Add($"property '{Property}'");
        return $"{string.Join(", ", parts)}: {Message}";
    }
}

public sealed class JourneyDefinitionException(IReadOnlyList<JourneyError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<JourneyError> Errors { get; } = errors;
}
