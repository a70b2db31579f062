using Microsoft.EntityFrameworkCore;
using Nurture.Core.Webhooks;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// A journey's Webhook step cannot reach the inside of the network (SSRF): addresses are checked where the
/// connection is made, so a name that resolves inside (here "localhost", as a rebinding DNS would answer) is
/// refused as surely as a literal address. An operator's Webhooks:AllowedHosts opens a host on purpose.
/// </summary>
public sealed class WebhookDestinationTests
{
    [Theory]
    [InlineData("Sqlite", "http://127.0.0.1:{port}/hooks/")]
    [InlineData("Sqlite", "http://localhost:{port}/hooks/")]
    [InlineData("Sqlite", "http://[::ffff:127.0.0.1]:{port}/hooks/")]
    [InlineData("Sqlite", "http://169.254.169.254/latest/meta-data/")]
    [InlineData("PostgreSql", "http://127.0.0.1:{port}/hooks/")]
    public async Task A_webhook_to_an_inside_address_fails_for_good_without_a_connection(string provider, string url)
    {
        using var receiver = new TestWebhookReceiver();
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey(url.Replace("{port}", new Uri(receiver.Url).Port.ToString()))]);
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "ssrf@example.com" });

        var failed = await FailedAsync(host);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("inside the network: refused", failed.LastError);
        Assert.Contains("Webhooks:AllowedHosts", failed.LastError);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task An_allowed_host_is_reached_and_others_inside_still_are_not()
    {
        using var receiver = new TestWebhookReceiver();
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [Journey(receiver.Url)],
            configure: o => o.WithSetting("Webhooks:AllowedHosts:0", "*.example.internal").WithSetting("Webhooks:AllowedHosts:1", "127.0.0.1"));
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "trusted@example.com" });

        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(receiver.Received.Count == 1), "the trusted host gets the call");
        var destinations = host.Service<WebhookDestinations>();
        Assert.True(destinations.IsTrusted("hooks.example.internal"));
        Assert.False(destinations.IsTrusted("example.internal.evil.com"));
        Assert.True(destinations.IsTrusted("HOOKS.Example.Internal"));
        Assert.False(destinations.IsTrusted("localhost"));
    }

    private static string Journey(string url) => $$"""
        {
          "id": "ssrf", "name": "SSRF", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [ { "id": "call", "type": "Webhook", "properties": { "url": "{{url}}" } } ]
        }
        """;

    private static async Task<WebhookMessage> FailedAsync(NurtureTestHost host)
    {
        WebhookMessage? failed = null;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            failed = await db.Webhooks.SingleOrDefaultAsync(w => w.Status == WebhookStatus.Failed);
            return failed is not null;
        }, "the webhook is failed for good");
        return failed!;
    }
}
