using Microsoft.AspNetCore.DataProtection;
using Nurture.Core.Data;

namespace Nurture.Server.Accounts;

/// <summary>The stored secrets, encrypted with the Data Protection key ring every node shares (table <c>data_protection_keys</c>).</summary>
public sealed class KeyRingSecretProtector(IDataProtectionProvider protection) : ISecretProtector
{
    private readonly IDataProtector _protector = protection.CreateProtector("Nurture.StoredSecrets");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
