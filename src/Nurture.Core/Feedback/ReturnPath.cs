using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Links;
using Nurture.Core.Messaging;

namespace Nurture.Core.Feedback;

/// <summary>
/// VERP: each message's envelope sender is LOCAL+TOKEN@DOMAIN with a signed message id, so a bounce
/// names its message by the address it was sent to, and a forged report cannot name another.
/// </summary>
public sealed class ReturnPath(TokenSigner signer, IOptions<EmailOptions> options)
{
    public MailboxAddress For(Guid messageId)
    {
        var (local, domain) = Split();
        return new MailboxAddress("", $"{local}+{signer.SignMessageId(messageId)}@{domain}");
    }

    /// <summary>The message id in a tokenised bounce address, or null when the address is not one of ours.</summary>
    public Guid? MessageIdIn(string? address)
    {
        if (string.IsNullOrEmpty(address))
            return null;
        var (local, domain) = Split();
        var at = address.LastIndexOf('@');
        if (at < 0 || !address[(at + 1)..].Trim('>', ' ').Equals(domain, StringComparison.OrdinalIgnoreCase))
            return null;
        var user = address[..at].Trim('<', ' ');
        var prefix = local + "+";
        if (!user.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        return signer.TryVerifyMessageId(user[prefix.Length..], out var id) ? id : null;
    }

    private (string Local, string Domain) Split()
    {
        var address = MailboxAddress.Parse(options.Value.BounceAddress).Address;
        var at = address.LastIndexOf('@');
        return (address[..at], address[(at + 1)..]);
    }
}
