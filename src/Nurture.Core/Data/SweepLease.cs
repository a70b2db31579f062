namespace Nurture.Core.Data;

/// <summary>Which node runs a sweep (the signal replay, score maintenance, journal retention) until when.</summary>
public sealed class SweepLease
{
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset Until { get; set; }
}
