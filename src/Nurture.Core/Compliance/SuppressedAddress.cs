using System.Security.Cryptography;
using System.Text;

namespace Nurture.Core.Compliance;

/// <summary>
/// What is left of an erased lead that had opted out, bounced or complained: a hash of the address, so
/// that a later import cannot mail them again while their data itself is gone.
/// </summary>
public sealed class SuppressedAddress
{
    public required string EmailHash { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }

    public static string Hash(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));
}
