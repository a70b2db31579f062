using Nurture.Core.Configuration;
using Nurture.Core.Leads;
namespace Nurture.Core.Messaging;

public sealed class EmailOptions : Configuration.ISelfValidatingOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Nurture <hello@nurture.localhost>";

    /// <summary>
    /// Domain of generated Message-IDs; the From address's domain when not set (MimeKit would otherwise use
    /// the machine's host name, and a Message-ID on another domain than the sender's is a spam signal).
    /// </summary>
    public string MessageIdDomain
    {
        get => Given(_messageIdDomain) ?? FromDomain;
        set => _messageIdDomain = value;
    }

    private string? _messageIdDomain;

    /// <summary>Address for the mailto: form of List-Unsubscribe; <c>unsubscribe@</c> the From domain when not set.</summary>
    public string UnsubscribeMailbox
    {
        get => Given(_unsubscribeMailbox) ?? $"unsubscribe@{FromDomain}";
        set => _unsubscribeMailbox = value;
    }

    private string? _unsubscribeMailbox;

    /// <summary>Sender id in Feedback-ID (Gmail's feedback loop groups complaints by it).</summary>
    public string FeedbackSenderId { get; set; } = "nurture";

    /// <summary>Where .eml files go when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = "data/pickup";

    public SmtpOptions Smtp { get; set; } = new();

    public DkimOptions Dkim { get; set; } = new();

    /// <summary>Delivery workers, each owning one SMTP connection.</summary>
    public int Workers { get; set; } = 1;

    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// Envelope sender (MAIL FROM). Each message gets its own tokenised variant, LOCAL+TOKEN@DOMAIN (VERP),
    /// so a bounce names the message it is about even when the report is mangled. <c>bounces@</c> the From
    /// domain when not set, so SPF on the envelope aligns with the From domain for DMARC.
    /// </summary>
    public string BounceAddress
    {
        get => Given(_bounceAddress) ?? $"bounces@{FromDomain}";
        set => _bounceAddress = value;
    }

    private string? _bounceAddress;

    /// <summary>The domain of <see cref="From"/>, lower-cased.</summary>
    public string FromDomain => EmailAddresses.TryParseMailbox(From, out var from) ? EmailAddresses.DomainOf(from.Address) : "";

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public IEnumerable<string> Problems()
    {
        if (!EmailAddresses.TryParseMailbox(From, out _))
            yield return "Email:From must be an address such as 'Acme <news@acme.example>'.";
        if (!EmailAddresses.IsPlainAddress(BounceAddress))
            yield return "Email:BounceAddress must be an address such as 'bounces@acme.example'.";
        if (SendingHours.IsConfigured && SendingHours.Hours.Problem() is not null)
            yield return "Email:SendingHours needs Start and End as HH:mm with End after Start (or both empty to turn quiet hours off).";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(DefaultTimeZone, out _))
            yield return $"Email:DefaultTimeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC' (got '{DefaultTimeZone}').";
        if (ResponseWindow < TimeSpan.Zero || MaxHold <= TimeSpan.Zero)
            yield return $"Email:ResponseWindow must be 0 or more and Email:MaxHold positive, e.g. 00:15:00 and 7.00:00:00 (got '{ResponseWindow}', '{MaxHold}').";
        if (Workers is < 1 or > 32)
            yield return $"Email:Workers must be between 1 and 32 (got {Workers}).";
        if (MaxAttempts < 1)
            yield return $"Email:MaxAttempts must be 1 or more (got {MaxAttempts}).";
        if (MaxMarketingPerWeek < 0)
            yield return $"Email:MaxMarketingPerWeek must be 0 (no cap) or more (got {MaxMarketingPerWeek}).";
        if (PolicyPause <= TimeSpan.Zero)
            yield return $"Email:PolicyPause must be positive (got '{PolicyPause}').";
        foreach (var (domain, rate) in DomainRatesPerMinute.Where(r => r.Value < 1))
            yield return $"Email:DomainRatesPerMinute:{domain} must be 1 or more (got {rate}).";
        if (DefaultDomainRatePerMinute < 0)
            yield return $"Email:DefaultDomainRatePerMinute must be 0 (no limit) or more (got {DefaultDomainRatePerMinute}).";
        if (!Enum.TryParse<MailKit.Security.SecureSocketOptions>(Smtp.Security, ignoreCase: true, out _))
            yield return $"Email:Smtp:Security must be one of {string.Join(", ", Enum.GetNames<MailKit.Security.SecureSocketOptions>())} (got '{Smtp.Security}').";
        if (!string.IsNullOrEmpty(Smtp.Username) && !Smtp.AllowCredentialsWithoutTls
            && Enum.TryParse<MailKit.Security.SecureSocketOptions>(Smtp.Security, ignoreCase: true, out var security)
            && security is not (MailKit.Security.SecureSocketOptions.StartTls or MailKit.Security.SecureSocketOptions.SslOnConnect))
            yield return $"Email:Smtp:Security must be StartTls or SslOnConnect when Email:Smtp:Username is set (got '{Smtp.Security}'): " +
                "otherwise the password crosses the network in clear whenever the server offers no TLS. Set Email:Smtp:AllowCredentialsWithoutTls=true only for a relay on this host.";
        if (Smtp.Port is < 1 or > 65535)
            yield return $"Email:Smtp:Port must be between 1 and 65535 (got {Smtp.Port}).";
        if (FeedbackMailbox.IsConfigured && !Enum.TryParse<MailKit.Security.SecureSocketOptions>(FeedbackMailbox.Security, ignoreCase: true, out _))
            yield return $"Email:FeedbackMailbox:Security must be one of {string.Join(", ", Enum.GetNames<MailKit.Security.SecureSocketOptions>())} (got '{FeedbackMailbox.Security}').";
        if (FeedbackMailbox.IsConfigured && FeedbackMailbox.Interval <= TimeSpan.Zero)
            yield return $"Email:FeedbackMailbox:Interval must be positive (got '{FeedbackMailbox.Interval}').";
        if (Dkim.IsConfigured && !File.Exists(Dkim.PrivateKeyFile))
            yield return $"Email:Dkim:PrivateKeyFile: no file at '{Dkim.PrivateKeyFile}'.";
    }

    /// <summary>Domains reserved for tests and local use (RFC 2606, RFC 6761): mail from them cannot authenticate.</summary>
    public static bool IsReservedDomain(string domain) =>
        domain is "localhost" or "example" or "test" or "invalid"
        || domain.EndsWith(".localhost", StringComparison.Ordinal) || domain.EndsWith(".example", StringComparison.Ordinal)
        || domain.EndsWith(".test", StringComparison.Ordinal) || domain.EndsWith(".invalid", StringComparison.Ordinal)
        || domain is "example.com" or "example.net" or "example.org";

    /// <summary>At most this many marketing emails per lead in any 7 days, across journeys (0: no cap).</summary>
    public int MaxMarketingPerWeek { get; set; } = 5;

    /// <summary>Marketing emails go out only between these hours in the lead's time zone; quiet hours outside.</summary>
    public SendingHoursOptions SendingHours { get; set; } = new();

    /// <summary>
    /// The zone of a lead whose zone was neither given nor inferable from its country or phone (IANA id).
    /// </summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>
    /// An email queued within this time of the lead's own action (the signal or sign-up that started or
    /// resumed the run) answers it: quiet hours do not hold it. Later sends (after a delay or a wait's
    /// timeout) are campaigns and wait for the morning. 00:00:00: every marketing email keeps quiet hours.
    /// </summary>
    public TimeSpan ResponseWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A marketing email held (quiet hours, cap, pause) longer than this is not sent late: it expires.</summary>
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long marketing to a domain pauses after a 5.7.x policy rejection (unless resolved earlier).</summary>
    public TimeSpan PolicyPause { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages per minute per recipient domain; domains not listed use <see cref="DefaultDomainRatePerMinute"/>.</summary>
    public Dictionary<string, int> DomainRatesPerMinute { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>0: no limit for domains not listed.</summary>
    public int DefaultDomainRatePerMinute { get; set; }

    /// <summary>Topics a lead can turn off on the preference page (id → label); templates name theirs.</summary>
    public Dictionary<string, string> Topics { get; set; } = new(StringComparer.Ordinal)
    {
        ["newsletter"] = "Articles and guides",
        ["product"] = "Product news",
        ["events"] = "Events and webinars",
    };

    /// <summary>An IMAP mailbox receiving bounces and complaints; polled when a host is set.</summary>
    public FeedbackMailboxOptions FeedbackMailbox { get; set; } = new();
}

public sealed class SendingHoursOptions
{
    /// <summary>HH:mm; empty turns quiet hours off.</summary>
    public string? Start { get; set; } = "08:00";
    public string? End { get; set; } = "21:00";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Start) && !string.IsNullOrWhiteSpace(End);

    /// <summary>The sending window as opening hours, every day of the week (configured only).</summary>
    public BusinessHours Hours => new() { Start = Start!, End = End!, Days = Enum.GetValues<DayOfWeek>() };
}

public sealed class FeedbackMailboxOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public string Security { get; set; } = "SslOnConnect";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string Folder { get; set; } = "INBOX";
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>
    /// Sign in without a guaranteed TLS channel (Security None, Auto or StartTlsWhenAvailable): only for a relay
    /// on the same host or a private network, where the password cannot be overheard. Off: credentials need TLS.
    /// </summary>
    public bool AllowCredentialsWithoutTls { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>DKIM signing (relaxed/relaxed, RSA-SHA256); on when domain, selector and key file are all set.</summary>
public sealed class DkimOptions
{
    public string? Domain { get; set; }
    public string? Selector { get; set; }

    /// <summary>PEM file of the RSA private key whose public half is published at SELECTOR._domainkey.DOMAIN.</summary>
    public string? PrivateKeyFile { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Domain) && !string.IsNullOrWhiteSpace(Selector) && !string.IsNullOrWhiteSpace(PrivateKeyFile);
}
