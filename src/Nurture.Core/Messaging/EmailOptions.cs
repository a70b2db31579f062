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
