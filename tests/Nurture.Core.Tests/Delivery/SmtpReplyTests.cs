using MailKit.Net.Smtp;
using Nurture.Core.Delivery;

namespace Nurture.Core.Tests.Delivery;

public sealed class SmtpReplyTests
{
    private static SmtpCommandException Reply(SmtpStatusCode code, string text) => new(SmtpErrorCode.RecipientNotAccepted, code, text);

    [Theory]
    [InlineData(SmtpStatusCode.MailboxBusy, "4.2.1 Try again later", SmtpFailureKind.Transient, "4.2.1")]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "5.1.1 No such user", SmtpFailureKind.Permanent, "5.1.1")]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "5.7.1 Message rejected by policy", SmtpFailureKind.Policy, "5.7.1")]
    [InlineData(SmtpStatusCode.TransactionFailed, "rejected", SmtpFailureKind.Permanent, "554")]
    [InlineData(SmtpStatusCode.ServiceNotAvailable, "closing", SmtpFailureKind.Transient, "421")]
    public void A_rejection_is_retried_bounced_or_paused_by_its_codes(SmtpStatusCode code, string text, SmtpFailureKind kind, string reported)
    {
        Assert.Equal((kind, reported), SmtpReply.Classify(Reply(code, text)));
    }

    [Fact]
    public void The_reply_reads_as_the_server_said_it() =>
        Assert.Equal("550 5.1.1 No such user", SmtpReply.Describe(Reply(SmtpStatusCode.MailboxUnavailable, "5.1.1 No such user")));
}
