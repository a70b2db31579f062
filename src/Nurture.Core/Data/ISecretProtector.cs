namespace Nurture.Core.Data;

/// <summary>
/// Encrypts the secrets kept in the settings table (the link-signing key, the webhook secrets), so that a copy
/// of the table alone (a backup, a read-only leak) signs nothing. The server's is the Data Protection key ring.
/// </summary>
public interface ISecretProtector
{
    string Protect(string secret);

    /// <exception cref="System.Security.Cryptography.CryptographicException">Not protected by this key ring.</exception>
    string Unprotect(string protectedSecret);
}
