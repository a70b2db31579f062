using System.Globalization;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Hosting;

/// <summary>
/// <c>/metrics</c> in Prometheus text format: a scrape after a signal shows the engine's counters moved. The
/// meter is the process's, so other tests' hosts count too: the test reads how much each counter grew.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task A_scrape_after_a_signal_shows_it_received_and_processed_and_the_welcome_email_sent()
    {
        await using var stack = await TestStack.StartAsync("Sqlite");
        var host = stack.Host;
        var before = await ScrapeAsync(host);

        var leadId = await host.CreateLeadAsync(new { email = "measured@example.com", firstName = "Mo" });
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId, properties = new { form = "contact" } }));
        await stack.Smtp!.WaitForAsync("measured@example.com", "");

        var after = await ScrapeAsync(host);
        Assert.True(Grew(before, after, "nurture_signals_received_total") >= 1, "signals received");
        Assert.True(Grew(before, after, "nurture_signals_processed_total") >= 1, "signals processed");
        Assert.True(Grew(before, after, "nurture_emails_total", "outcome=\"sent\"") >= 1, "emails sent");
        Assert.True(Grew(before, after, "nurture_smtp_duration_seconds_count") >= 1, "SMTP sends timed");
        Assert.Contains("# TYPE nurture_signals_queue_depth", after.Text);
    }

    private sealed record Scrape(string Text);

    private static async Task<Scrape> ScrapeAsync(NurtureTestHost host)
    {
        using var response = await host.Client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum over a metric's series (those whose labels contain <paramref name="label"/>), after minus before.</summary>
    private static double Grew(Scrape before, Scrape after, string metric, string label = "") => Sum(after, metric, label) - Sum(before, metric, label);

    private static double Sum(Scrape scrape, string metric, string label) => scrape.Text.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
        .Where(line => line.Contains(label, StringComparison.Ordinal))
        .Sum(line => double.Parse(ValueOf(line, metric), CultureInfo.InvariantCulture));

    /// <summary>A sample line is <c>name{labels} value [timestamp]</c>.</summary>
    private static string ValueOf(string line, string metric) =>
        (line.Contains('}') ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..]).Trim().Split(' ')[0];
}
