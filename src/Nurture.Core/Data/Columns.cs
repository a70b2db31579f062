using System.Diagnostics.CodeAnalysis;

namespace Nurture.Core.Data;

/// <summary>
/// Fits text from outside (SMTP replies, user agents, reps' reasons) into its column. Each length is a
/// constant beside its property (<c>Signal.LabelReasonLength</c>), which the EF mapping declares too, so the
/// cut and the column cannot drift apart.
/// </summary>
public static class Columns
{
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Fit(string? value, int length) => value is { Length: var n } && n > length ? value[..length] : value;
}
