using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;

namespace Nurture.Core.Links;

/// <summary>
/// Opaque, HMAC-SHA256-signed tokens: base64url(payload) "." base64url(mac). A forged, tampered or
/// expired token is refused; the MAC is compared in constant time.
/// </summary>
public sealed class TokenSigner
{
    /// <summary>Where the generated key is kept when Tracking:SigningKey is not set.</summary>
    public const string SigningKeySetting = "tracking.signing-key";

    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + 1 + 16 + 16 + 8;
    private readonly Lazy<byte[]> _key;

    /// <summary>Signs with Tracking:SigningKey, else the key generated at first use and stored.</summary>
    public TokenSigner(IOptions<TrackingOptions> options, StoredSecrets secrets)
        : this(new Lazy<byte[]>(() => Derive(secrets.Get(SigningKeySetting, options.Value.SigningKey))))
    {
    }

    private TokenSigner(Lazy<byte[]> key) => _key = key;

    /// <summary>Reads the key now (generating and storing it at first start) instead of at the first signature.</summary>
    public void EnsureKey() => _ = _key.Value;

    /// <summary>A signer with a key of its own (tools, tests).</summary>
    public static TokenSigner WithKey(string key)
    {
        // Derived now: a bad key fails here, not at the first signature.
        return new TokenSigner(new Lazy<byte[]>(Derive(key)));
    }

    private static byte[] Derive(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length < 32)
            throw new ArgumentException("The tracking signing key must be at least 32 characters long.", nameof(key));
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public string Sign(TrackingToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var target = Encoding.UTF8.GetBytes(token.Target);
        var payload = new byte[HeaderLength + target.Length];
        payload[0] = FormatVersion;
        payload[1] = (byte)token.Kind;
        token.MessageId.TryWriteBytes(payload.AsSpan(2, 16));
        token.LeadId.TryWriteBytes(payload.AsSpan(18, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(34, 8), token.ExpiresAt.ToUnixTimeSeconds());
        target.CopyTo(payload, HeaderLength);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Mac(payload))}";
    }

    /// <summary>Returns the token when it is well-formed, correctly signed, of the expected kind and not expired.</summary>
    public bool TryVerify(string? text, TrackingKind expectedKind, DateTimeOffset now, out TrackingToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
            return false;
        var dot = text.IndexOf('.');
        if (dot <= 0 || !TryDecode(text[..dot], out var payload) || !TryDecode(text[(dot + 1)..], out var mac))
            return false;
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
            return false;
        if (payload.Length < HeaderLength || payload[0] != FormatVersion || payload[1] != (byte)expectedKind)
            return false;

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(34, 8)));
        if (expires <= now)
            return false;
        token = new TrackingToken(
            (TrackingKind)payload[1],
            new Guid(payload.AsSpan(2, 16)),
            new Guid(payload.AsSpan(18, 16)),
            expires,
            Encoding.UTF8.GetString(payload.AsSpan(HeaderLength)));
        return true;
    }

    /// <summary>
    /// A short token for a message id: lower-case base32 (42 characters) with an 80-bit MAC, because it
    /// travels in an address's local part, which is limited to 64 characters and may be case-folded.
    /// </summary>
    public string SignMessageId(Guid messageId)
    {
        var bytes = new byte[MessageIdTokenBytes];
        messageId.TryWriteBytes(bytes);
        MessageIdMac(bytes.AsSpan(0, 16)).AsSpan(0, 10).CopyTo(bytes.AsSpan(16));
        return Base32.Encode(bytes);
    }

    public bool TryVerifyMessageId(string? text, out Guid messageId)
    {
        messageId = Guid.Empty;
        if (text is null || !Base32.TryDecode(text, out var bytes) || bytes.Length != MessageIdTokenBytes)
            return false;
        if (!CryptographicOperations.FixedTimeEquals(bytes.AsSpan(16), MessageIdMac(bytes.AsSpan(0, 16)).AsSpan(0, 10)))
            return false;
        messageId = new Guid(bytes.AsSpan(0, 16));
        return true;
    }

    private const int MessageIdTokenBytes = 26;

    // A different first byte than any tracking payload, so one kind of token can never pass for the other.
    private byte[] MessageIdMac(ReadOnlySpan<byte> id) => Mac([0xB0, .. id]);

    private byte[] Mac(byte[] payload) =>
        HMACSHA256.HashData(_key.Value, payload);

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
