using System.Diagnostics;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Web.Tests;

/// <summary>
/// The web app's lint (ESLint with the rules of hooks, src/Nurture.Web/eslint.config.js) runs before every
/// bundle and fails the build on a violation. This hands it code with two, as if it were a file of the app,
/// to show that it catches them; and the app as it is, to show that it passes.
/// </summary>
public sealed class LintTests
{
    private static readonly string WebApp = Path.Combine(RepositoryPaths.Root, "src", "Nurture.Web");

    [Fact]
    public async Task A_hook_behind_a_condition_and_an_effect_missing_a_dependency_are_errors()
    {
        const string component = """
            import { useEffect, useState } from 'react';

            export function Probe({ id, show }) {
              if (!show) return null;
              const [lead, setLead] = useState(null);
              useEffect(() => { fetch(`/api/leads/${id}`).then((r) => r.json()).then(setLead); }, []);
              return <p>{lead?.email}</p>;
            }
            """;

        var (exitCode, output) = await EslintAsync("--stdin --stdin-filename src/pages/Probe.jsx", component);

        Assert.Equal(1, exitCode);
        Assert.Contains("react-hooks/rules-of-hooks", output);
        Assert.Contains("missing dependency: 'id'", output);
    }

    [Fact]
    public async Task The_app_itself_passes()
    {
        var (exitCode, output) = await EslintAsync("--max-warnings 0 .", stdin: null);

        Assert.True(exitCode == 0, output);
    }

    private static async Task<(int ExitCode, string Output)> EslintAsync(string arguments, string? stdin)
    {
        var start = new ProcessStartInfo("node", $"node_modules/eslint/bin/eslint.js {arguments}")
        {
            WorkingDirectory = WebApp,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }
}
