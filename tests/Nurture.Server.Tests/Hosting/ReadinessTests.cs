using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Hosting;

/// <summary>
/// <c>/health/live</c> says the process answers; <c>/health/ready</c> says the node can do its work, and why
/// not: the database out of reach, a backlog of signals, the SMTP relay down.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_turns_503_while_postgresql_is_out_of_reach_and_200_when_it_is_back_while_live_stays_200()
    {
        var direct = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("NURTURE_TEST_POSTGRES") ?? TestDatabase.DefaultPostgres);
        var addresses = await Dns.GetHostAddressesAsync(direct.Host!);
        await using var proxy = new TcpProxy(new IPEndPoint(addresses.First(), direct.Port));
        await using var stack = await TestStack.StartAsync("PostgreSql", smtp: false);
        // A second node that reaches the same database through the proxy, which the test can cut.
        var proxied = new NpgsqlConnectionStringBuilder(stack.Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        var node = await stack.StartHostAsync(o => o.WithSetting("ConnectionStrings:Nurture", proxied.ConnectionString));

        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(node)).Status);

        proxy.Cut();
        var (status, body) = await ReadyAsync(node);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await node.Client.GetAsync("/health/live")).StatusCode);

        proxy.Restore();
        // The pool drops the connections the cut broke as it finds them: ready again within a few asks.
        await NurtureTestHost.EventuallyAsync(async () => (await ReadyAsync(node)).Status == HttpStatusCode.OK, "ready again once the database is back");
    }

    [Fact]
    public async Task Ready_names_an_smtp_relay_that_does_not_answer()
    {
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, 9)); // nothing listens upstream: unused
        proxy.Cut(); // …and the relay's port refuses
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false, configure: o => o
            .WithSetting("Email:Smtp:Host", "127.0.0.1").WithSetting("Email:Smtp:Port", proxy.Port.ToString()));
        var host = stack.Host;

        var (status, body) = await ReadyAsync(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("smtp").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(NurtureTestHost node)
    {
        using var response = await node.Client.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
