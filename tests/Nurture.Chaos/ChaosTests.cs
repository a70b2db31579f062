using Xunit.Abstractions;

namespace Nurture.Chaos;

/// <summary>
/// The short run of the fault-injection harness: 2 real nodes on PostgreSQL, ~500 leads, a node killed every
/// few seconds and an SMTP outage. Nothing may be lost, sent twice, or sent to a suppressed lead.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Short_run_loses_nothing_and_sends_nothing_twice_through_kills_and_an_smtp_outage()
    {
        var report = await new ChaosRun(ChaosOptions.Short, output.WriteLine).RunAsync(CancellationToken.None);

        var table = report.ToTable();
        output.WriteLine(table);
        Directory.CreateDirectory(Path.Combine(Repository.Root, "TestResults"));
        await File.WriteAllTextAsync(Path.Combine(Repository.Root, "TestResults", "chaos-short.md"), table);
        Console.WriteLine(table); // in ./test.sh's output as well
        Assert.True(report.Kills >= ChaosOptions.Short.MinKills, $"only {report.Kills} kills landed");
        Assert.All(report.MustBeZero, figure => Assert.True(figure.Value == 0, $"{figure.Key}: {figure.Value}\n{table}"));
        Assert.True(report.ResentSameMessageId <= report.Kills, $"resent with the same Message-ID: {report.ResentSameMessageId}, more than the {report.Kills} kills\n{table}");
        Assert.Equal(report.JourneysExpected, report.JourneysCompleted);
    }
}
