using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Server.Tests.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Several nodes behind a load balancer share one database and nothing else: a session cookie and an
/// antiforgery token issued by one are read by another, because the key ring that signs them is in the
/// database, not in a node's home folder.
/// </summary>
public sealed class SharedKeyRingTests
{
    private const string Password = "a long enough passphrase";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_session_signed_in_on_one_node_is_served_and_can_change_things_on_another(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var nodeA = stack.Host;
        (await nodeA.Client.PostAsJsonAsync("/api/users", new { email = "mia@marketing.test", role = "marketer", password = Password })).EnsureSuccessStatusCode();
        using var browser = new SessionClient(nodeA.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("mia@marketing.test", Password)).StatusCode);

        // Node B has a data directory of its own, as a machine of its own would.
        var nodeB = await stack.StartHostAsync(options => options with { DataDirectory = Directory.CreateDirectory(Path.Combine(stack.Temp.Path, "node-b")).FullName });

        var me = await browser.GetAsync(new Uri(nodeB.BaseAddress, "/api/account/me").ToString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        // The antiforgery token node A issued is accepted with a change sent to node B.
        var change = await browser.SendAsync(HttpMethod.Post, new Uri(nodeB.BaseAddress, "/api/account/password").ToString(), new { current = Password, @new = "another long passphrase" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        await using var db = nodeB.CreateDbContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }
}
