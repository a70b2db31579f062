using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Nurture.Core.Signals;

namespace Nurture.Core.Simulation;

/// <summary>
/// How prospects answer one email (template): the share of delivered emails a person opens, clicks and
/// downloads from, and the median time it takes them; where the figures come from.
/// </summary>
public sealed record ResponseRates
{
    public double Open { get; init; }
    public double Click { get; init; }
    public double Download { get; init; }
    public TimeSpan OpenDelay { get; init; }
    public TimeSpan ClickDelay { get; init; }
    public TimeSpan DownloadDelay { get; init; }

    /// <summary>"prior", "override", or "history: N emails since …".</summary>
    public string Source { get; init; } = "prior";

    /// <summary>
    /// Stated, for templates with too little history: a human open rate once Apple's and the scanners' opens
    /// are set aside, and the click and download rates of a typical B2B nurture email.
    /// </summary>
    public static readonly ResponseRates Prior = new()
    {
        Open = 0.20,
        Click = 0.03,
        Download = 0.01,
        OpenDelay = TimeSpan.FromHours(4),
        ClickDelay = TimeSpan.FromHours(6),
        DownloadDelay = TimeSpan.FromHours(24),
    };
}

/// <summary>An email the simulation delivered: to whom, which template, the how-manyth to this lead.</summary>
public sealed record SentEmail(string LeadEmail, string Template, int Nth);

/// <summary>What a prospect does after an email, and how long after its delivery.</summary>
public sealed record Response(string SignalType, TimeSpan After);

/// <summary>The prospects' behaviour in a simulation.</summary>
public interface IResponseModel
{
    IReadOnlyList<Response> Respond(SentEmail email);
}

/// <summary>
/// Draws each response from the template's rates, with a random stream of its own per seed, lead, template
/// and email: a lead answers the same whatever order the emails were processed in, and a seed gives the
/// same run every time. Delays are exponential with the stated median (most answer soon, a few days later).
/// </summary>
public sealed class RateResponses(IReadOnlyDictionary<string, ResponseRates> byTemplate, ResponseRates fallback, int seed) : IResponseModel
{
    public ResponseRates RatesOf(string template) => byTemplate.GetValueOrDefault(template) ?? fallback;

    public IReadOnlyList<Response> Respond(SentEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var rates = RatesOf(email.Template);
        var random = StableRandom.For(seed, email.LeadEmail, email.Template, email.Nth);
        var responses = new List<Response>(3);
        Draw(SignalTypes.Open, rates.Open, rates.OpenDelay);
        Draw(SignalTypes.Click, rates.Click, rates.ClickDelay);
        Draw(SignalTypes.Download, rates.Download, rates.DownloadDelay);
        return responses;

        void Draw(string type, double rate, TimeSpan median)
        {
            // Both numbers are drawn every time, so one rate's change leaves the other responses as they were.
            var happens = random.NextDouble() < rate;
            var delay = Exponential(random.NextDouble(), median);
            if (happens)
                responses.Add(new Response(type, delay));
        }
    }

    /// <summary>The quantile <paramref name="u"/> of the exponential distribution whose median is <paramref name="median"/>.</summary>
    private static TimeSpan Exponential(double u, TimeSpan median) =>
        TimeSpan.FromTicks((long)(median.Ticks * -Math.Log(1 - u) / Math.Log(2)));
}

/// <summary>A <see cref="Random"/> seeded from text: the same on every machine and every run (unlike string hash codes).</summary>
public static class StableRandom
{
    public static Random For(params object[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return new Random(BinaryPrimitives.ReadInt32BigEndian(hash));
    }
}
