using System.Text.Json;

namespace Nurture.Benchmarks;

/// <summary>
/// One phase's outcome: its figures, the baseline measured in the same run and the ratio to it (when the
/// target is a ratio), the target and whether it was met. Written as JSON, one file per phase, and the run
/// exits non-zero when any target was missed.
/// </summary>
public sealed record PhaseResult(
    string Phase, string Command, IReadOnlyDictionary<string, double> Figures, double? Baseline, double? Ratio, string Target, bool Met)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // ">= 3x" as written: a file, not a page
    };

    /// <summary>Where the results go: NURTURE_RESULTS, else artifacts/benchmarks in the repository.</summary>
    public static string Directory { get; } = Environment.GetEnvironmentVariable("NURTURE_RESULTS") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Repository.Root, "artifacts", "benchmarks");

    public async Task WriteAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, $"{Phase}.json"), JsonSerializer.Serialize(this, Json));
    }

    public override string ToString() => $"{Phase}: {(Met ? "met" : "MISSED")} ({Target}{(Ratio is { } r ? $"; ratio {r:F2}" : "")})";
}
