using System.Security.Cryptography;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>One DNS record to publish: where, of what type, the value, and what it is for.</summary>
public sealed record DnsRecord(string Name, string Type, string Value, string Purpose);

/// <summary>What the sender's domain must publish, and whether the envelope and signature align with From for DMARC.</summary>
public sealed record SenderDnsReport(string FromDomain, string BounceDomain, string? DkimDomain, bool SpfAligned, bool? DkimAligned,
    IReadOnlyList<DnsRecord> Records, IReadOnlyList<string> Warnings);

/// <summary>
/// The SPF, DKIM and DMARC records for the configured sender. SPF is checked on the envelope sender
/// (the bounce address), DKIM on the signing domain, and DMARC passes when either aligns with the From
/// domain (relaxed: the same organisational domain, approximated here as one being the other or a
/// subdomain of it).
/// </summary>
public static class SenderDnsRecords
{
    public static SenderDnsReport For(EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var from = options.FromDomain;
        var bounce = EmailAddresses.DomainOf(options.BounceAddress);
        var records = new List<DnsRecord>();
        var warnings = new List<string>();

        var spfSource = options.Smtp.IsConfigured ? $"a:{options.Smtp.Host} " : "";
        records.Add(new DnsRecord(bounce, "TXT", $"v=spf1 {spfSource}mx ~all",
            "SPF for the envelope sender (bounces+…@" + bounce + "): which servers may send for it; add your relay's include: if it has one."));

        bool? dkimAligned = null;
        if (options.Dkim.IsConfigured)
        {
            dkimAligned = Aligned(options.Dkim.Domain!, from);
            try
            {
                records.Add(new DnsRecord($"{options.Dkim.Selector}._domainkey.{options.Dkim.Domain}", "TXT",
                    $"v=DKIM1; k=rsa; p={PublicKeyOf(options.Dkim.PrivateKeyFile!)}", "DKIM: the public half of Email:Dkim:PrivateKeyFile."));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                warnings.Add($"Email:Dkim:PrivateKeyFile '{options.Dkim.PrivateKeyFile}' could not be read as an RSA PEM key: {e.Message}");
            }
        }
        else
        {
            warnings.Add("DKIM is off: set Email:Dkim:Domain, Selector and PrivateKeyFile; unsigned marketing mail is rejected by Gmail and Yahoo for bulk senders.");
        }

        records.Add(new DnsRecord($"_dmarc.{from}", "TXT", $"v=DMARC1; p=none; rua=mailto:dmarc-reports@{from}; adkim=r; aspf=r",
            "DMARC for the From domain: start at p=none, read the reports, then tighten to quarantine or reject."));

        var spfAligned = Aligned(bounce, from);
        if (!spfAligned)
            warnings.Add($"The bounce domain {bounce} does not align with the From domain {from}: SPF cannot pass DMARC for it.");
        if (dkimAligned == false)
            warnings.Add($"The DKIM domain {options.Dkim.Domain} does not align with the From domain {from}: DKIM cannot pass DMARC for it.");
        if (EmailOptions.IsReservedDomain(from))
            warnings.Add($"{from} is reserved for tests (RFC 2606/6761): nobody can publish records for it. Set Email:From to an address on your own domain.");
        return new SenderDnsReport(from, bounce, options.Dkim.IsConfigured ? options.Dkim.Domain : null, spfAligned, dkimAligned, records, warnings);
    }

    private static bool Aligned(string domain, string from) =>
        domain.Equals(from, StringComparison.OrdinalIgnoreCase)
        || domain.EndsWith("." + from, StringComparison.OrdinalIgnoreCase)
        || from.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);

    private static string PublicKeyOf(string privateKeyFile)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(privateKeyFile));
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
