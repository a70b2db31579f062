namespace Nurture.Server.Tests.Infrastructure;

/// <summary>Bounce (RFC 3464) and complaint (ARF, RFC 5965) reports as receiving servers write them.</summary>
public static class FeedbackReports
{
    /// <summary>A DSN sent to the message's return path, as a mailer-daemon does.</summary>
    public static string HardBounce(ReceivedEmail original, string status = "5.1.1") => $"""
        From: MAILER-DAEMON@mx.example.net
        To: {original.EnvelopeFrom}
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"

        --dsn-boundary
        Content-Type: text/plain

        Your message could not be delivered to {original.To}.

        --dsn-boundary
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; {original.To}
        Action: failed
        Status: {status}
        Diagnostic-Code: smtp; 550 {status} User unknown

        --dsn-boundary
        Content-Type: text/rfc822-headers

        Message-ID: <{original.Message.MessageId}>
        Subject: {original.Message.Subject}

        --dsn-boundary--

        """.ReplaceLineEndings("\r\n");

    /// <summary>An ARF complaint sent to the postmaster: only the original's envelope sender and Message-ID name it.</summary>
    public static string Complaint(ReceivedEmail original) => $"""
        From: feedback@isp.example
        To: postmaster@nurture.test
        Subject: Complaint about message from 203.0.113.9
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"

        --arf-boundary
        Content-Type: text/plain

        This is an email abuse report.

        --arf-boundary
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ExampleFBL/1.0
        Version: 1
        Original-Mail-From: <{original.EnvelopeFrom}>
        Original-Rcpt-To: <{original.To}>

        --arf-boundary
        Content-Type: message/rfc822

        Message-ID: <{original.Message.MessageId}>
        Subject: {original.Message.Subject}
        To: {original.To}

        (body removed)

        --arf-boundary--

        """.ReplaceLineEndings("\r\n");
}
