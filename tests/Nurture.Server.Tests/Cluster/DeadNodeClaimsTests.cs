using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Hosting;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Work a node claimed is renewed while that node lives and is taken over within seconds once it dies: an
/// email claimed by a node that stopped in the middle of its SMTP conversation is sent by another node once
/// the short lease runs out, not minutes later.
/// </summary>
public sealed class DeadNodeClaimsTests
{
    private static readonly TimeSpan TakeoverWithin = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_email_claimed_by_a_node_that_died_is_sent_by_another_within_seconds(string provider)
    {
        using var silent = new SilentServer();
        await using var stack = await TestStack.StartAsync(provider, configure: o => o with { SmtpPort = silent.Port });
        var dying = stack.Host;
        var queued = await dying.Client.PostAsJsonAsync("/api/templates/nudge/test-send", new { to = "taken-over@example.com" });
        queued.EnsureSuccessStatusCode();
        var id = (await queued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        // The node claims the email and hangs in its SMTP conversation: the claim is held, the email unsent.
        await NurtureTestHost.EventuallyAsync(async () => (await OutboxRowAsync(dying, id)).LeaseOwner is not null && silent.Connections > 0, "the node claims the email");

        await stack.StopHostAsync();
        var survivor = await stack.StartHostAsync(o => o with { SmtpPort = stack.Smtp!.Port });
        var claim = await OutboxRowAsync(survivor, id);
        Assert.NotNull(claim.LeaseOwner); // still the dead node's
        Assert.Equal(OutboxStatus.Pending, claim.Status);

        // The promise: the survivor takes the work over within seconds of the death, not when a long lease ends.
        survivor.Clock.Advance(TakeoverWithin);
        var email = await stack.Smtp!.WaitForAsync("taken-over@example.com", "[Test]");
        Assert.StartsWith("[Test] ", email.Message.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_live_node_in_a_slow_send_keeps_its_claim_past_the_lease(string provider)
    {
        using var silent = new SilentServer();
        await using var stack = await TestStack.StartAsync(provider, configure: o => o with { SmtpPort = silent.Port });
        var slow = stack.Host;
        var queued = await slow.Client.PostAsJsonAsync("/api/templates/nudge/test-send", new { to = "kept@example.com" });
        var id = (await queued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        await NurtureTestHost.EventuallyAsync(async () => (await OutboxRowAsync(slow, id)).LeaseOwner is not null && silent.Connections > 0, "the node claims the email");
        var first = await OutboxRowAsync(slow, id);

        // Three renewals' worth of time on the live node: each pushes the lease on.
        for (var round = 0; round < 3; round++)
        {
            var renewal = slow.Service<LeaseRenewal>().NextRoundAsync();
            slow.Clock.Advance(LeaseKeeper.RenewEvery);
            await renewal.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var renewed = await OutboxRowAsync(slow, id);
        Assert.Equal(first.LeaseOwner, renewed.LeaseOwner);
        Assert.True(renewed.LeaseUntil > first.LeaseUntil + 2 * LeaseKeeper.RenewEvery, $"lease {first.LeaseUntil} → {renewed.LeaseUntil}");
        Assert.True(renewed.LeaseUntil > slow.Clock.GetUtcNow(), "the claim outlives the time it has been held");
    }

    private static async Task<OutboxMessage> OutboxRowAsync(NurtureTestHost host, Guid id)
    {
        await using var db = host.CreateDbContext();
        return await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
