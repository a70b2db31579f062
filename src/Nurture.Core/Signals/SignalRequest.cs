using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nurture.Core.Signals;

/// <summary>A signal as the API receives it: the lead by id or by email.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SignalRequest
{
    public string? Type { get; init; }
    public Guid? LeadId { get; init; }
    public string? Email { get; init; }
    public Dictionary<string, JsonElement>? Properties { get; init; }
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
}
