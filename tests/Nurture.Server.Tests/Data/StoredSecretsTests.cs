using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Links;
using Nurture.Core.Webhooks;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Data;

/// <summary>
/// Without configured secrets, the link-signing key and the webhook secret are generated once and kept in
/// the database: every node and every restart signs alike, with no start-up code that must set them first.
/// </summary>
public sealed class StoredSecretsTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Nodes_without_configured_secrets_generate_one_and_agree_on_it(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false, configure: o => o
            .WithSetting("Tracking:SigningKey", "").WithSetting("Webhooks:Secret", "").WithSetting("Webhooks:JourneySecret", ""));
        var host = stack.Host;
        var databases = host.Service<IDbContextFactory<NurtureDbContext>>();
        var unconfigured = Options.Create(new TrackingOptions());

        // Two more "nodes" read the secrets at once, each through its own instances.
        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var secrets = new StoredSecrets(databases, host.Service<ISecretProtector>());
            var webhooks = new WebhookSecret(Options.Create(new WebhookOptions()), secrets);
            return (Signer: new TokenSigner(unconfigured, secrets), Crm: webhooks.Crm, Journey: webhooks.Journey);
        })));

        var token = new TrackingToken(TrackingKind.Click, Guid.NewGuid(), Guid.NewGuid(), host.Clock.GetUtcNow().AddDays(1), "https://example.com/");
        var signed = host.Service<TokenSigner>().Sign(token);
        Assert.All(nodes, node => Assert.True(node.Signer.TryVerify(signed, TrackingKind.Click, host.Clock.GetUtcNow(), out _)));
        var webhookSecrets = host.Service<WebhookSecret>();
        Assert.All(nodes, node => Assert.Equal((webhookSecrets.Crm, webhookSecrets.Journey), (node.Crm, node.Journey)));
        Assert.True(webhookSecrets.Crm.Length >= 32);
        Assert.NotEqual(webhookSecrets.Crm, webhookSecrets.Journey);

        await using var db = host.CreateDbContext();
        var stored = await db.Settings.Where(s => s.Key == TokenSigner.SigningKeySetting || s.Key == WebhookSecret.Setting || s.Key == WebhookSecret.JourneySetting).ToListAsync();
        Assert.Equal(3, stored.Count);
        // Encrypted at rest: the table alone gives none of them away.
        Assert.All(stored, s => Assert.StartsWith(StoredSecrets.ProtectedPrefix, s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, s => s.Value.Contains(webhookSecrets.Crm, StringComparison.Ordinal) || s.Value.Contains(webhookSecrets.Journey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_stored_in_clear_by_an_earlier_version_is_encrypted_when_read()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        const string Clear = "an-old-webhook-secret-stored-in-clear-0123456789";
        await using (var db = host.CreateDbContext())
        {
            db.Settings.Add(new Setting { Key = WebhookSecret.JourneySetting, Value = Clear });
            await db.SaveChangesAsync();
        }

        var secrets = new WebhookSecret(Options.Create(new WebhookOptions()), new StoredSecrets(host.Service<IDbContextFactory<NurtureDbContext>>(), host.Service<ISecretProtector>()));
        Assert.Equal(Clear, secrets.Journey);

        await using (var db = host.CreateDbContext())
        {
            var stored = await db.Settings.SingleAsync(s => s.Key == WebhookSecret.JourneySetting);
            Assert.StartsWith(StoredSecrets.ProtectedPrefix, stored.Value, StringComparison.Ordinal);
            Assert.Equal(Clear, host.Service<ISecretProtector>().Unprotect(stored.Value[StoredSecrets.ProtectedPrefix.Length..]));
        }
    }

    [Fact]
    public async Task A_configured_key_is_used_and_nothing_is_stored()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var configured = TokenSigner.WithKey("test-signing-key-that-is-long-enough-0123456789");
        var token = new TrackingToken(TrackingKind.Open, Guid.NewGuid(), Guid.NewGuid(), stack.Host.Clock.GetUtcNow().AddDays(1));

        Assert.True(configured.TryVerify(stack.Host.Service<TokenSigner>().Sign(token), TrackingKind.Open, stack.Host.Clock.GetUtcNow(), out _));
        await using var db = stack.Host.CreateDbContext();
        Assert.False(await db.Settings.AnyAsync(s => s.Key == TokenSigner.SigningKeySetting));
    }
}
