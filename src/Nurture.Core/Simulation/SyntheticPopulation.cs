using System.Globalization;
using Nurture.Core.Leads;

namespace Nurture.Core.Simulation;

/// <summary>
/// Leads made up for a simulation: a count, and for each profile field the share of each value
/// (<c>"country": { "US": 0.6, "DE": 0.4 }</c>); the fields not given follow a typical B2B mix.
/// </summary>
public sealed record SyntheticPopulation
{
    public int Count { get; init; }
    public Dictionary<string, Dictionary<string, double>>? Fields { get; init; }

    public static readonly IReadOnlyList<string> FieldNames = ["firstName", "lastName", "company", "jobTitle", "phone", "country", "timeZone", "industry", "companySize"];

    /// <summary>The mix used for a field the request does not give.</summary>
    public static readonly IReadOnlyDictionary<string, Dictionary<string, double>> Typical = new Dictionary<string, Dictionary<string, double>>
    {
        ["country"] = new() { ["US"] = 0.4, ["GB"] = 0.2, ["DE"] = 0.2, ["FR"] = 0.1, ["CA"] = 0.1 },
        ["jobTitle"] = new() { ["Marketing Manager"] = 0.3, ["Head of Sales"] = 0.2, ["CTO"] = 0.1, ["Software Engineer"] = 0.25, ["Analyst"] = 0.15 },
        ["industry"] = new() { ["Software"] = 0.4, ["Manufacturing"] = 0.2, ["Finance"] = 0.2, ["Retail"] = 0.2 },
        ["companySize"] = new() { ["10"] = 0.3, ["50"] = 0.3, ["200"] = 0.2, ["1000"] = 0.15, ["5000"] = 0.05 },
    };

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Count is < 1 or > SimulationRequest.MaxLeads)
            yield return ("count", $"between 1 and {SimulationRequest.MaxLeads}, not {Count}.");
        foreach (var (field, shares) in Fields ?? [])
        {
            if (!FieldNames.Contains(field))
                yield return ($"fields.{field}", $"not a profile field; known: {string.Join(", ", FieldNames)}.");
            else if (shares.Count == 0 || shares.Values.Any(s => s < 0 || double.IsNaN(s)) || shares.Values.Sum() <= 0)
                yield return ($"fields.{field}", "give each value a share of 0 or more, at least one above 0.");
            else if (field == "companySize" && shares.Keys.FirstOrDefault(k => !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } bad)
                yield return ($"fields.{field}", $"sizes are whole numbers, not '{bad}'.");
        }
    }

    /// <summary>
    /// The <paramref name="index"/>-th lead, drawn from its own random stream: the same lead for a seed, whatever
    /// the count. A lead's id comes from the seed too, so random splits and experiments divide it the same way.
    /// </summary>
    public (Guid Id, LeadInput Input) Lead(int seed, int index, DateTimeOffset now)
    {
        var random = StableRandom.For(seed, "lead", index);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in FieldNames)
        {
            var shares = Fields?.GetValueOrDefault(field) ?? Typical.GetValueOrDefault(field);
            values[field] = shares is null ? null : Pick(shares, random.NextDouble());
        }
        var company = values["company"] ?? $"Company {index % 500:D3}";
        values["company"] = company;
        values["firstName"] ??= $"Lead{index}";
        values["email"] = $"lead{index:D6}@company{index % 500:D3}.sim.nurture.dev";
        var input = LeadInput.FromText(values.GetValueOrDefault) with
        {
            CompanySize = int.TryParse(values["companySize"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null,
        };
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return (IdFrom(bytes, now), input);
    }

    private static string Pick(Dictionary<string, double> shares, double u)
    {
        var total = shares.Values.Sum();
        var cumulative = 0.0;
        // Sorted by value, so the same shares in another order draw the same leads.
        foreach (var (value, share) in shares.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            cumulative += share / total;
            if (u < cumulative)
                return value;
        }
        return shares.Keys.Order(StringComparer.Ordinal).Last();
    }

    /// <summary>A version-7 layout (time first, so keys still append) with the random part from the seed.</summary>
    private static Guid IdFrom(byte[] random, DateTimeOffset now)
    {
        var millis = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
            random[i] = (byte)(millis >> (8 * (5 - i)));
        random[6] = (byte)(0x70 | (random[6] & 0x0F));
        random[8] = (byte)(0x80 | (random[8] & 0x3F));
        return new Guid(random, bigEndian: true);
    }
}
