using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Nurture.Core.Messaging;

/// <summary>
/// MimeKit's DKIM signer (canonicalisation, header selection, the signature header) with the RSA-SHA256
/// operation done by the platform's crypto (OpenSSL) instead of BouncyCastle's managed big integers:
/// about 0.4 ms per signature instead of 7 ms, which made DKIM 80 % of the cost of a marketing email.
/// </summary>
public sealed class PlatformRsaDkimSigner : DkimSigner, IDisposable
{
    private readonly RSA _rsa;

    public PlatformRsaDkimSigner(string privateKeyFile, string domain, string selector)
        : base(privateKeyFile, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _rsa = RSA.Create();
        _rsa.ImportFromPem(File.ReadAllText(privateKeyFile));
    }

    protected override ISigner CreateSigningContext() => new RsaSha256(_rsa);

    public void Dispose() => _rsa.Dispose();

    /// <summary>BouncyCastle's signer interface over an incremental SHA-256 and the platform's RSA (PKCS#1 v1.5).</summary>
    private sealed class RsaSha256(RSA rsa) : ISigner
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string AlgorithmName => "SHA-256withRSA";

        public void Init(bool forSigning, ICipherParameters parameters) => Reset();

        public void Update(byte input) => _hash.AppendData([input]);

        public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

        public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

        public int GetMaxSignatureSize() => rsa.KeySize / 8;

        public byte[] GenerateSignature() => rsa.SignHash(_hash.GetHashAndReset(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        public bool VerifySignature(byte[] signature) => rsa.VerifyHash(_hash.GetHashAndReset(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        public void Reset() => _hash.GetHashAndReset();
    }
}
