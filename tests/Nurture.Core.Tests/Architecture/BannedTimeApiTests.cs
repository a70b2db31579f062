using System.Diagnostics;

namespace Nurture.Core.Tests.Architecture;

/// <summary>
/// Product code reads time only through TimeProvider: src/Directory.Build.props adds BannedApiAnalyzers with
/// src/BannedSymbols.txt, and warnings are errors. This builds a small project under those same settings
/// with a violation in it, to show that the rule catches one (and names the symbol and the way out).
/// </summary>
public sealed class BannedTimeApiTests : IDisposable
{
    private readonly string _probe = Directory.CreateTempSubdirectory("nurture-banned-api-").FullName;

    [Fact]
    public async Task Reading_the_system_clock_in_product_code_fails_the_build()
    {
        var repository = Repository.Root;
        await File.WriteAllTextAsync(Path.Combine(_probe, "Directory.Packages.props"),
            $"""<Project><Import Project="{Path.Combine(repository, "Directory.Packages.props")}" /></Project>""");
        await File.WriteAllTextAsync(Path.Combine(_probe, "Probe.csproj"),
            $"""<Project Sdk="Microsoft.NET.Sdk"><Import Project="{Path.Combine(repository, "src", "Directory.Build.props")}" /></Project>""");
        await File.WriteAllTextAsync(Path.Combine(_probe, "Clock.cs"), """
            namespace Probe;

            public static class Clock
            {
                public static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

                public static DateTime Wrong() => DateTime.UtcNow;

                public static Task Wait() => Task.Delay(TimeSpan.FromSeconds(1));
            }
            """);

        var (exitCode, output) = await RunAsync("dotnet", $"build \"{Path.Combine(_probe, "Probe.csproj")}\" -nologo -v q -clp:NoSummary");

        Assert.NotEqual(0, exitCode);
        var errors = output.Split('\n').Where(l => l.Contains("error RS0030", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains(errors, e => e.Contains("Clock.cs(7,", StringComparison.Ordinal) && e.Contains("DateTime.UtcNow", StringComparison.Ordinal) && e.Contains("TimeProvider", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Clock.cs(9,", StringComparison.Ordinal) && e.Contains("Task.Delay", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("Clock.cs(5,", StringComparison.Ordinal)); // the injected way is allowed
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MSBUILDNOINPROCNODE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => Directory.Delete(_probe, recursive: true);
}
