namespace Nurture.Core.Messaging;

public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Nurture <hello@nurture.localhost>";

    /// <summary>Domain of generated Message-IDs; MimeKit would otherwise use the machine's host name.</summary>
    public string MessageIdDomain { get; set; } = "nurture.localhost";

    /// <summary>Address for the mailto: form of List-Unsubscribe.</summary>
    public string UnsubscribeMailbox { get; set; } = "unsubscribe@nurture.localhost";

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
    /// so a bounce names the message it is about even when the report is mangled.
    /// </summary>
    public string BounceAddress { get; set; } = "bounces@nurture.localhost";

    /// <summary>At most this many marketing emails per lead in any 7 days, across journeys (0: no cap).</summary>
    public int MaxMarketingPerWeek { get; set; } = 5;

    /// <summary>Marketing emails go out only between these hours in the lead's time zone; quiet hours outside.</summary>
    public SendingHoursOptions SendingHours { get; set; } = new();

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
