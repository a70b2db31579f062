using MimeKit;
using Nurture.Core.Leads;
using PhoneNumbers;

namespace Nurture.Core.Scoring.Reliability;

/// <summary>Points per reliability check, from the scoring model; the full score is their sum (100 by default).</summary>
public sealed record ReliabilityWeights
{
    public int EmailSyntax { get; init; } = 20;
    public int Mx { get; init; } = 30;
    public int NotDisposable { get; init; } = 20;
    public int NotFreeMail { get; init; } = 10;
    public int Phone { get; init; } = 10;
    public int Completeness { get; init; } = 10;
}

/// <summary>One check's outcome: the points it gives and why, as the score explanation shows it.</summary>
public sealed record ReliabilityCheck(string Name, int Points, string Reason);

/// <summary>
/// How much the lead's data can be trusted: a well-formed address, a domain that accepts mail (a DNS
/// failure is unknown, not invalid; a null MX is invalid), not a disposable or free-mail domain, a phone
/// number valid for the lead's country (libphonenumber), and the key fields filled in.
/// </summary>
public sealed class ReliabilityChecker(IMxLookup mx, DomainLists domains)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public async Task<IReadOnlyList<ReliabilityCheck>> CheckAsync(Lead lead, ReliabilityWeights weights, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(weights);
        var checks = new List<ReliabilityCheck>();
        var domain = DomainOf(lead.Email);
        checks.Add(domain is null
            ? new ReliabilityCheck("emailSyntax", 0, $"'{lead.Email}' is not a well-formed address")
            : new ReliabilityCheck("emailSyntax", weights.EmailSyntax, "well-formed address"));
        if (domain is null)
        {
            checks.Add(new ReliabilityCheck("mx", 0, "no domain to look up"));
            checks.Add(new ReliabilityCheck("notDisposable", 0, "no domain to check"));
            checks.Add(new ReliabilityCheck("notFreeMail", 0, "no domain to check"));
        }
        else
        {
            var found = await mx.CheckAsync(domain, cancellationToken);
            checks.Add(found.Status switch
            {
                MxStatus.Valid => new ReliabilityCheck("mx", weights.Mx, found.Detail),
                // Unknown is not invalid: half the points, so a DNS outage neither rewards nor punishes.
                MxStatus.Unknown => new ReliabilityCheck("mx", weights.Mx / 2, $"unknown: {found.Detail}"),
                _ => new ReliabilityCheck("mx", 0, $"invalid: {found.Detail}"),
            });
            checks.Add(domains.IsDisposable(domain)
                ? new ReliabilityCheck("notDisposable", 0, $"{domain} is a disposable-address domain")
                : new ReliabilityCheck("notDisposable", weights.NotDisposable, $"{domain} is not a disposable-address domain"));
            checks.Add(domains.IsFreeMail(domain)
                ? new ReliabilityCheck("notFreeMail", 0, $"{domain} is a free-mail domain")
                : new ReliabilityCheck("notFreeMail", weights.NotFreeMail, $"{domain} is a company domain"));
        }
        checks.Add(PhoneCheck(lead, weights.Phone));
        checks.Add(Completeness(lead, weights.Completeness));
        return checks;
    }

    /// <summary>The domain of a syntactically valid address (one @, a dotted domain), else null.</summary>
    public static string? DomainOf(string email)
    {
        if (!MailboxAddress.TryParse(ParserOptions.Default, email, out var address) || address.Address != email.Trim())
            return null;
        var at = address.Address.LastIndexOf('@');
        if (at <= 0 || at == address.Address.Length - 1)
            return null;
        var domain = address.Address[(at + 1)..].ToLowerInvariant();
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            ? domain
            : null;
    }

    private static ReliabilityCheck PhoneCheck(Lead lead, int points)
    {
        if (string.IsNullOrWhiteSpace(lead.Phone))
            return new ReliabilityCheck("phone", 0, "no phone number");
        var region = lead.Country is { Length: 2 } country ? country.ToUpperInvariant() : null;
        try
        {
            var number = Phones.Parse(lead.Phone, region);
            return Phones.IsValidNumber(number)
                ? new ReliabilityCheck("phone", points, $"valid number for {Phones.GetRegionCodeForNumber(number)}")
                : new ReliabilityCheck("phone", 0, $"'{lead.Phone}' is not a valid number{(region is null ? "" : $" for {region}")}");
        }
        catch (NumberParseException e)
        {
            return new ReliabilityCheck("phone", 0, $"'{lead.Phone}' is not a phone number ({e.ErrorType})");
        }
    }

    private static ReliabilityCheck Completeness(Lead lead, int points)
    {
        var fields = new (string Name, string? Value)[]
        {
            ("first name", lead.FirstName), ("last name", lead.LastName), ("company", lead.Company),
            ("job title", lead.JobTitle), ("phone", lead.Phone), ("country", lead.Country),
        };
        var missing = fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Name).ToList();
        var earned = (int)Math.Round(points * (fields.Length - missing.Count) / (double)fields.Length, MidpointRounding.AwayFromZero);
        return new ReliabilityCheck("completeness", earned,
            missing.Count == 0 ? "all key fields filled in" : $"{fields.Length - missing.Count} of {fields.Length} key fields; missing {string.Join(", ", missing)}");
    }
}
