using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Nurture.Core.Messaging;

namespace Nurture.Core.Tests.Messaging;

public sealed class DkimTests : IDisposable
{
    private readonly string _keyFile = Path.GetTempFileName();
    private readonly string _publicKey;

    public DkimTests()
    {
        using var rsa = RSA.Create(2048);
        File.WriteAllText(_keyFile, rsa.ExportRSAPrivateKeyPem());
        _publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Marketing_email_is_signed_relaxed_relaxed_over_the_unsubscribe_headers_and_verifies()
    {
        var message = Composer().Compose(new ComposeRequest(MailboxAddress.Parse("ada@example.com"), "Hello Ada", "<p>Hi é</p>", "Hi é")
        {
            UnsubscribeUrl = "https://mail.example.org/u/token",
            FeedbackCampaign = "welcome:journey",
        });

        var signature = message.Headers[HeaderId.DkimSignature] ?? "";
        Assert.Contains("c=relaxed/relaxed", signature, StringComparison.Ordinal);
        Assert.Contains("list-unsubscribe-post", signature.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.True(await Verify(message));

        message.Subject = "Tampered";
        Assert.False(await Verify(message));
    }

    [Fact]
    public void Without_a_key_nothing_is_signed() =>
        Assert.False(new MessageComposer(Options.Create(new EmailOptions()), TimeProvider.System)
            .Compose(new ComposeRequest(MailboxAddress.Parse("a@example.com"), "s", "<p>h</p>", "t")).Headers.Contains(HeaderId.DkimSignature));

    private MessageComposer Composer() => new(Options.Create(new EmailOptions
    {
        Dkim = new DkimOptions { Domain = "nurture.example", Selector = "s1", PrivateKeyFile = _keyFile },
    }), TimeProvider.System);

    private async Task<bool> Verify(MimeMessage message)
    {
        // Through the wire format, as a receiver would see it.
        using var stream = new MemoryStream(MessageComposer.ToBytes(message));
        var received = await MimeMessage.LoadAsync(stream);
        var verifier = new DkimVerifier(new StaticKey(_publicKey));
        return await verifier.VerifyAsync(received, received.Headers[received.Headers.IndexOf(HeaderId.DkimSignature)]);
    }

    /// <summary>Stands in for the DNS TXT record SELECTOR._domainkey.DOMAIN.</summary>
    private sealed class StaticKey(string publicKey) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey($"v=DKIM1; k=rsa; p={publicKey}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }

    public void Dispose() => File.Delete(_keyFile);
}
