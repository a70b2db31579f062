using System.Security.Cryptography;
using System.Text;

namespace Nurture.Core.Accounts;

/// <summary>An API key as stored: only its SHA-256 hash, never the key itself.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What the key may do (<see cref="ApiScopes"/>), separated by spaces.</summary>
    public const int ScopesLength = 200;
    public string Scopes { get; set; } = ApiScopes.Admin;

    /// <summary>The key the first start generated: revoked once keys are configured, which is how an operator replaces it.</summary>
    public bool GeneratedAtFirstStart { get; set; }

    public static string HashOf(string key) => Convert.ToHexStringLower(HashBytesOf(key));

    /// <summary>The SHA-256 of the key, as the store compares it.</summary>
    public static byte[] HashBytesOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string Generate() =>
        "nk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
