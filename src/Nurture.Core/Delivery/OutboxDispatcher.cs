using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Data;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>
/// Claims due outbox rows under a lease and sends them through one transport. Failures are routed, not
/// swallowed: a 5xx reply is a permanent bounce (suppress, never retry), a 4xx reply or a broken
/// connection is retried later with backoff and jitter, keeping the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<NurtureDbContext> databases,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    public int BatchSize { get; init; } = 50;
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <returns>How many messages were handled (sent, failed, deferred or cancelled).</returns>
    public async Task<int> DispatchDueAsync(IMailTransport transport, CancellationToken cancellationToken)
    {
        var handled = 0;
        while (true)
        {
            var claimed = await ClaimAsync(cancellationToken);
            foreach (var id in claimed)
            {
                await DeliverAsync(transport, id, cancellationToken);
                handled++;
            }
            if (claimed.Count < BatchSize)
                return handled;
        }
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await LeaseClaims.ClaimAsync(db.Outbox, m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now, m => m.NextAttemptAt,
            BatchSize, now, Lease, cancellationToken);
    }

    private async Task DeliverAsync(IMailTransport transport, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var message = await db.Outbox.SingleAsync(m => m.Id == id, cancellationToken);
        var lead = message.LeadId is { } leadId ? await db.Leads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken) : null;
        var now = time.GetUtcNow();
        message.Attempts++;
        message.LeaseOwner = null;
        message.LeaseUntil = null;

        if (message.Kind == MessageKind.Marketing && lead is not { CanReceiveMarketing: true })
        {
            // Checked again at send time: an unsubscribe between queueing and sending wins.
            message.Status = OutboxStatus.Cancelled;
            message.LastError = lead is null ? "lead erased" : "lead unsubscribed or bounced";
        }
        else
        {
            try
            {
                using var stream = new MemoryStream(message.Mime, writable: false);
                var mime = await MimeMessage.LoadAsync(stream, cancellationToken);
                await transport.SendAsync(mime, cancellationToken);
                message.Status = OutboxStatus.Sent;
                message.SentAt = time.GetUtcNow();
                message.LastError = null;
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                message.Status = OutboxStatus.Failed;
                message.LastError = Limit($"{(int)e.StatusCode} {e.Message}");
                if (message.Kind == MessageKind.Marketing && lead is not null && e.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
                {
                    lead.HardBouncedAt = now;
                    lead.Touch(now);
                }
                logger.LogWarning("Message {MessageId} to {Recipient} rejected permanently: {Error}", message.Id, message.Recipient, message.LastError);
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException)
            {
                Defer(message, now, e.Message);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private void Defer(OutboxMessage message, DateTimeOffset now, string error)
    {
        message.LastError = Limit(error);
        if (message.Attempts >= options.Value.MaxAttempts)
        {
            message.Status = OutboxStatus.Failed;
            logger.LogError("Message {MessageId} to {Recipient} gave up after {Attempts} attempts: {Error}", message.Id, message.Recipient, message.Attempts, error);
            return;
        }
        message.NextAttemptAt = now + Backoff.After(message.Attempts, TimeSpan.FromSeconds(30), TimeSpan.FromHours(6));
        logger.LogWarning("Message {MessageId} deferred until {NextAttempt}: {Error}", message.Id, message.NextAttemptAt, error);
    }

    private static string Limit(string text) => text.Length > 1000 ? text[..1000] : text;
}
