namespace Nurture.Server.Tests.Infrastructure;

/// <summary>
/// Everything one test needs, made fresh and torn down in order: a temporary folder, a database of the
/// given provider, optionally a real SMTP server, and the server itself (restartable on the same data).
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    private readonly List<NurtureTestHost> _hosts = [];
    private Func<TestHostOptions, TestHostOptions>? _configure;

    private TestStack(TempDirectory temp, TestDatabase database, TestSmtpServer? smtp)
    {
        Temp = temp;
        Database = database;
        Smtp = smtp;
    }

    public TempDirectory Temp { get; }
    public TestDatabase Database { get; }
    public TestSmtpServer? Smtp { get; }

    /// <summary>The host started last.</summary>
    public NurtureTestHost Host => _hosts[^1];

    public static async Task<TestStack> StartAsync(string provider = "Sqlite", bool smtp = true, Func<TestHostOptions, TestHostOptions>? configure = null)
    {
        var temp = new TempDirectory();
        var stack = new TestStack(temp, await TestDatabase.CreateAsync(provider, temp.Path), smtp ? new TestSmtpServer() : null);
        stack._configure = configure;
        await stack.StartHostAsync();
        return stack;
    }

    /// <summary>A stack whose server loads only the given journeys (JSON texts).</summary>
    public static Task<TestStack> WithJourneysAsync(string provider, IReadOnlyList<string> journeys, bool smtp = false, Func<TestHostOptions, TestHostOptions>? configure = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "nurture-tests", "home-" + Guid.NewGuid().ToString("N"));
        RepositoryPaths.HomeWithJourneys(home, journeys);
        return StartAsync(provider, smtp, options => (configure?.Invoke(options) ?? options) with { Home = home });
    }

    public TestHostOptions DefaultOptions => new(Temp.Path) { SmtpPort = Smtp?.Port };

    /// <summary>
    /// Starts another host on the same database, folders and settings as the first (stop the previous one
    /// first to simulate a restart); <paramref name="configure"/> changes settings on top.
    /// </summary>
    public async Task<NurtureTestHost> StartHostAsync(Func<TestHostOptions, TestHostOptions>? configure = null)
    {
        var options = _configure?.Invoke(DefaultOptions) ?? DefaultOptions;
        var host = await NurtureTestHost.StartAsync(Database, configure?.Invoke(options) ?? options);
        _hosts.Add(host);
        return host;
    }

    public async Task StopHostAsync()
    {
        await Host.DisposeAsync();
        _hosts.RemoveAt(_hosts.Count - 1);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
            await host.DisposeAsync();
        await Database.DisposeAsync();
        if (Smtp is not null)
            await Smtp.DisposeAsync();
        Temp.Dispose();
    }
}
