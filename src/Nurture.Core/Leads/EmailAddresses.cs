namespace Nurture.Core.Leads;

/// <summary>Email addresses as the product accepts them: one plain address, its domain.</summary>
public static class EmailAddresses
{
    public static string DomainOf(string address) =>
        address.LastIndexOf('@') is var at and >= 0 ? address[(at + 1)..].Trim().ToLowerInvariant() : "";

    /// <summary>A mailbox, display name allowed ("Acme &lt;news@acme.example&gt;"), whose address is plain (<see cref="IsPlainAddress"/>).</summary>
    public static bool TryParseMailbox(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MimeKit.MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || !MimeKit.MailboxAddress.TryParse(text, out var parsed) || !IsPlainAddress(parsed.Address))
            return false;
        mailbox = parsed;
        return true;
    }

    /// <summary>One plain addr-spec with a dotted domain: no display name, no group, no comments, no spaces.</summary>
    public static bool IsPlainAddress(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!MimeKit.MailboxAddress.TryParse(MimeKit.ParserOptions.Default, email, out var mailbox) || mailbox.Address != email)
            return false;
        var at = email.LastIndexOf('@');
        return at > 0 && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(char.IsWhiteSpace);
    }
}
