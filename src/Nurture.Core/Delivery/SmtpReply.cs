using System.Text.RegularExpressions;
using MailKit.Net.Smtp;

namespace Nurture.Core.Delivery;

public enum SmtpFailureKind
{
    /// <summary>4xx, or the connection broke: try again later.</summary>
    Transient,

    /// <summary>5xx about the recipient or the message: a hard bounce.</summary>
    Permanent,

    /// <summary>5.7.x: the receiver refuses us for policy (spam, reputation, authentication).</summary>
    Policy,
}

/// <summary>Reads an SMTP rejection: its basic code, and the enhanced status code (RFC 3463) in its text.</summary>
public static partial class SmtpReply
{
    public static (SmtpFailureKind Kind, string Code) Classify(SmtpCommandException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var basic = (int)e.StatusCode;
        var enhanced = EnhancedCode().Match(e.Message) is { Success: true } m ? m.Value : null;
        var code = enhanced ?? basic.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (basic < 500)
            return (SmtpFailureKind.Transient, code);
        return enhanced is not null && enhanced.StartsWith("5.7.", StringComparison.Ordinal)
            ? (SmtpFailureKind.Policy, code)
            : (SmtpFailureKind.Permanent, code);
    }

    /// <summary>"550 5.1.1 No such user": the reply as an operator reads it in the outbox.</summary>
    public static string Describe(SmtpCommandException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"{(int)e.StatusCode} {e.Message}";
    }

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex EnhancedCode();
}
