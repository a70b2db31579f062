namespace Nurture.Core.Data;

/// <summary>Server-wide values that must survive restarts, such as the generated tracking key.</summary>
public sealed class Setting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
