using MimeKit;
using Nurture.Core.Messaging;

namespace Nurture.Core.Tests.Messaging;

public class OutboxMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Pending()
    {
        var mime = new MimeMessage { Subject = "Welcome", MessageId = "m1@nurture.example" };
        mime.To.Add(MailboxAddress.Parse("ada@example.com"));
        mime.Body = new TextPart("plain") { Text = "Hi" };
        return new OutboxMessage(Guid.NewGuid(), "key", MessageKind.Marketing, "Ada@Example.COM", mime, Now);
    }

    [Fact]
    public void A_new_message_is_pending_now_with_its_subject_message_id_domain_and_body()
    {
        var message = Pending();

        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(Now, message.NextAttemptAt);
        Assert.Equal("Welcome", message.Subject);
        Assert.Equal("m1@nurture.example", message.MessageIdHeader);
        Assert.Equal("example.com", message.RecipientDomain);
        Assert.NotEmpty(message.Body!.Mime);
    }

    [Fact]
    public void A_message_without_a_Message_ID_is_refused()
    {
        var mime = new MimeMessage { Subject = "x" };
        mime.Headers.Remove(HeaderId.MessageId);

        var error = Assert.Throws<ArgumentException>(() => new OutboxMessage(Guid.NewGuid(), "k", MessageKind.Test, "a@b.example", mime, Now));
        Assert.Contains("Message-ID", error.Message);
    }

    [Fact]
    public void Sent_once_it_changes_no_more()
    {
        var message = Pending();
        message.BeginAttempt();
        message.MarkSent(Now);

        Assert.Equal((OutboxStatus.Sent, 1, Now), (message.Status, message.Attempts, message.SentAt));
        Assert.Throws<InvalidOperationException>(() => message.Cancel("late unsubscribe"));
        Assert.Throws<InvalidOperationException>(() => message.HoldUntil(Now.AddHours(1), "quiet hours"));
        Assert.Throws<InvalidOperationException>(() => message.MarkSent(Now));
        message.RecordFeedback("complaint abuse", Now.AddDays(1)); // feedback follows any outcome
        Assert.Equal("complaint abuse", message.Feedback);
    }

    [Fact]
    public void A_hold_keeps_it_pending_and_reasons_are_cut_to_their_columns()
    {
        var message = Pending();
        message.HoldUntil(Now.AddHours(8), new string('q', 5000));

        Assert.Equal((OutboxStatus.Pending, Now.AddHours(8)), (message.Status, message.NextAttemptAt));
        Assert.Equal(OutboxMessage.LastErrorLength, message.LastError!.Length);

        message.Bounce("5.1.1", "550 5.1.1 " + new string('x', 3000), Now);
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(OutboxMessage.LastErrorLength, message.LastError!.Length);
        Assert.StartsWith("bounce 5.1.1 (at send time)", message.Feedback);
    }

    [Fact]
    public void Cancelled_expired_and_failed_are_final()
    {
        foreach (var close in new Action<OutboxMessage>[] { m => m.Cancel("unsubscribed"), m => m.Expire("held too long"), m => m.Fail("gave up") })
        {
            var message = Pending();
            close(message);
            Assert.False(message.IsPending);
            Assert.Throws<InvalidOperationException>(() => message.BeginAttempt());
        }
    }
}
