namespace Nurture.Core.Configuration;

/// <summary>Enum values as people and files write them: by name, any case; never by number.</summary>
public static class EnumNames
{
    /// <summary>Like <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>, but "3" is refused: an enum would take it as its fourth value.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return !int.TryParse(text, out _) && Enum.TryParse(text, ignoreCase: true, out value);
    }

    /// <summary>"'x' is not a {what}; one of A, B, C."</summary>
    public static string NotOne<TEnum>(string? text, string what) where TEnum : struct, Enum =>
        $"'{text}' is not a {what}; one of {string.Join(", ", Enum.GetNames<TEnum>())}.";
}
