using System.Security.Cryptography;
using MimeKit;
using MimeKit.Cryptography;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>An RSA key pair for a test's DKIM signing, and a verifier that uses its public half as DNS would.</summary>
public sealed record DkimKey(string PrivateKeyFile, string PublicKey)
{
    public static DkimKey EnsureIn(string directory)
    {
        var privateFile = Path.Combine(directory, "dkim.pem");
        var publicFile = Path.Combine(directory, "dkim.pub");
        if (!File.Exists(privateFile))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(privateFile, rsa.ExportRSAPrivateKeyPem());
            File.WriteAllText(publicFile, Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()));
        }
        return new DkimKey(privateFile, File.ReadAllText(publicFile));
    }

    public Task<bool> VerifyAsync(MimeMessage message) =>
        new DkimVerifier(new StaticLocator(PublicKey)).VerifyAsync(message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]);

    private sealed class StaticLocator(string publicKey) : DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            domain == "nurture.test" && selector == "s2026" ? GetPublicKey($"v=DKIM1; k=rsa; p={publicKey}") : throw new InvalidOperationException($"no key for {selector}._domainkey.{domain}");

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
