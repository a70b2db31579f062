using System.Diagnostics;

namespace Nurture.Chaos;

/// <summary>
/// One real Nurture.Server process (the build's own binaries, run with <c>dotnet</c>), configured through its
/// environment; killed as <c>kill -9</c> would (no shutdown code runs) and started again on the same port.
/// </summary>
public sealed class NodeProcess(string name, IReadOnlyDictionary<string, string> settings, string dataDirectory) : IAsyncDisposable
{
    private Process? _process;

    public string Name { get; } = name;
    public int Port { get; } = Nurture.Server.Tests.Infrastructure.TestSmtpServer.FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The CPU time the running process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the process and waits until it answers <c>/health/live</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Nurture.Server.dll"), "--urls", BaseAddress.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        start.Environment["Nurture__DataDirectory"] = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        var log = new StreamWriter(Path.Combine(dataDirectory, "server.log"), append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting; see {Path.Combine(dataDirectory, "server.log")}.");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "/health/live"), cancellationToken)).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"{Name} did not answer within 2 minutes; see {Path.Combine(dataDirectory, "server.log")}.");
            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    /// <summary>SIGKILL: the process gets no chance to finish, commit or hand anything back.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
