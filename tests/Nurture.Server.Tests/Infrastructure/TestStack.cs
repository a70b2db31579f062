namespace Nurture.Server.Tests.Infrastructure;

/// <summary>
/// Everything one test needs, made fresh and torn down in order: a temporary folder, a database of the
/// given provider, optionally a real SMTP server, and the server itself (restartable on the same data).
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    private readonly List<NurtureTestHost> _hosts = [];

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
        await stack.StartHostAsync(configure);
        return stack;
    }

    public TestHostOptions DefaultOptions => new(Temp.Path) { SmtpPort = Smtp?.Port };

    /// <summary>Starts another host on the same database and folders (stop the previous one first to simulate a restart).</summary>
    public async Task<NurtureTestHost> StartHostAsync(Func<TestHostOptions, TestHostOptions>? configure = null)
    {
        var host = await NurtureTestHost.StartAsync(Database, configure is null ? DefaultOptions : configure(DefaultOptions));
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
