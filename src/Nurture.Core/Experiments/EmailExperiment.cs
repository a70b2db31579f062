using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Nurture.Core.Experiments;

/// <summary>One version of an email: its own template, or the step's template with another subject or preheader.</summary>
/// <param name="Weight">Percent of the leads it gets (the variants' weights add up to 100; none given: equal shares).</param>
public sealed record EmailVariant(string Name, string? Template = null, string? Subject = null, string? Preheader = null, int? Weight = null);

/// <summary>What an experiment counts as a conversion of an email, within <see cref="ExperimentSettings.Days"/> of its delivery.</summary>
public enum ExperimentMetric
{
    /// <summary>A human click in the email (machine clicks never count).</summary>
    Click,

    /// <summary>A human download from the email.</summary>
    Download,

    /// <summary>The lead became an MQL.</summary>
    Mql,

    /// <summary>The lead reached the journey's goal.</summary>
    Goal,
}

/// <param name="Alpha">The false-positive rate the test keeps, however often it is looked at.</param>
/// <param name="Tau">The size of difference between rates expected (its prior's standard deviation): 0.01 is one percentage point.</param>
/// <param name="SendWinner">Once the test declares a winner, every later send of the step gets it.</param>
public sealed record ExperimentSettings(ExperimentMetric Metric = ExperimentMetric.Click, int Days = 7, double Alpha = 0.05, double Tau = 0.01, bool SendWinner = true);

/// <summary>A SendEmail step with variants: which lead gets which, stable, and the test that compares them (the first is the control).</summary>
public sealed record EmailExperiment(string JourneyId, string Step, IReadOnlyList<EmailVariant> Variants, ExperimentSettings Settings)
{
    public string Key => KeyOf(JourneyId, Step);

    public static string KeyOf(string journeyId, string step) => $"{journeyId}/{step}";

    /// <summary>The lead's variant: the same every time (a hash of lead, journey and step), in proportion to the weights.</summary>
    public EmailVariant Assign(Guid leadId)
    {
        var bucket = StableBucket.Of(leadId, JourneyId, Step);
        var cumulative = 0;
        foreach (var (variant, weight) in Variants.Zip(Weights()))
        {
            cumulative += weight;
            if (bucket < cumulative)
                return variant;
        }
        return Variants[^1];
    }

    /// <summary>The weights as given, or equal shares (the remainder to the first).</summary>
    public IReadOnlyList<int> Weights()
    {
        if (Variants.All(v => v.Weight is not null))
            return [.. Variants.Select(v => v.Weight!.Value)];
        var share = 100 / Variants.Count;
        return [.. Variants.Select((_, i) => i == 0 ? 100 - share * (Variants.Count - 1) : share)];
    }

    /// <summary>What is wrong with the variants and settings, each naming its property.</summary>
    public IEnumerable<(string Property, string Message)> Problems()
    {
        if (Variants.Count is < 2 or > 10)
            yield return ("variants", $"an experiment needs 2 to 10 variants (got {Variants.Count}).");
        foreach (var twice in Variants.GroupBy(v => v.Name).Where(g => g.Count() > 1 || string.IsNullOrWhiteSpace(g.Key) || g.Key.Length > 50))
            yield return ("variants", $"variant names must be unique, not empty, at most 50 characters ('{twice.Key}').");
        if (Variants.Any(v => v.Weight is not null) && (Variants.Any(v => v.Weight is null or < 1) || Variants.Sum(v => v.Weight ?? 0) != 100))
            yield return ("variants", "give every variant a positive weight, adding up to 100 (or none, for equal shares).");
        if (Settings.Days is < 1 or > 90)
            yield return ("experiment", $"days: between 1 and 90 (got {Settings.Days}).");
        if (Settings.Alpha is <= 0 or > 0.2)
            yield return ("experiment", $"alpha: above 0 and at most 0.2 (got {Settings.Alpha}).");
        if (Settings.Tau is <= 0 or > 1)
            yield return ("experiment", $"tau: above 0 and at most 1 (got {Settings.Tau}).");
    }
}

/// <summary>0–99 from a stable hash of lead, journey and step (SHA-256: uniform, the same on every machine and run).</summary>
public static class StableBucket
{
    public static int Of(Guid leadId, string journeyId, string step) =>
        (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{leadId:N}/{journeyId}/{step}"))) % 100);
}
