using MailKit.Net.Smtp;

namespace Nurture.Core.Delivery;

/// <summary>
/// Our own SMTP set-up failed (credentials, TLS): no retry of a message fixes it, an operator must. The
/// dispatcher gives the pass's messages back at once, their attempts not counted; the worker raises one
/// delivery alert and backs off instead of presenting bad credentials every two seconds.
/// </summary>
public sealed class SmtpSetupException(string problem, Exception inner) : Exception($"{problem}: {inner.Message}", inner)
{
    public string Problem { get; } = problem;

    /// <summary>What is wrong with the set-up, as an operator should read it; null when the failure is not the set-up's.</summary>
    public static string? ProblemOf(Exception error) => error switch
    {
        MailKit.Security.AuthenticationException => "the SMTP server refused the credentials (Email:Smtp:Username, Email:Smtp:Password)",
        SmtpCommandException { StatusCode: SmtpStatusCode.AuthenticationRequired } => "the SMTP server requires a login (set Email:Smtp:Username and Email:Smtp:Password)",
        MailKit.Security.SslHandshakeException or System.Security.Authentication.AuthenticationException =>
            "the TLS handshake with the SMTP server failed (Email:Smtp:Security, the server's certificate)",
        _ => null,
    };
}
