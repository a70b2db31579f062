using System.Diagnostics;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Feedback;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Delivery;

/// <summary>
/// Claims due outbox rows under a lease and sends them through one transport, with a tokenised return path.
/// Holds from <see cref="SendPolicy"/> wait without costing an attempt. Failures are routed, not swallowed:
/// 5xx is a hard bounce (suppress, never retry), 5.7.x pauses the domain and raises an alert, a 4xx reply or
/// a broken connection is retried later with backoff and jitter, keeping the same Message-ID.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<NurtureDbContext> databases,
    SendPolicy policy,
    ReturnPath returnPath,
    SuppressionService suppressions,
    SignalQueue signals,
    DispatchPasses passes,
    IOptions<EmailOptions> options,
    LeaseKeeper leases,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    public int BatchSize { get; init; } = 50;

    /// <returns>How many messages were handled (sent, failed, deferred or cancelled).</returns>
    public async Task<int> DispatchDueAsync(IMailTransport transport, CancellationToken cancellationToken)
    {
        var pass = passes.Begin();
        try
        {
            return await DispatchAllDueAsync(transport, cancellationToken);
        }
        finally
        {
            passes.End(pass);
        }
    }

    private async Task<int> DispatchAllDueAsync(IMailTransport transport, CancellationToken cancellationToken)
    {
        var handled = 0;
        while (true)
        {
            var (claim, pauses) = await ClaimAsync(cancellationToken);
            using var held = claim; // the batch's lease is renewed until it is done, however long the SMTP server takes
            var claimed = claim.Ids;
            // While one message is with the SMTP server (a real MTA writes it to its queue on disk before it
            // answers), the next one is read and parsed and the previous one's outcome is committed. Reading
            // changes nothing, so a crash still sends nothing twice; each outcome is committed as soon as its
            // reply came, as before, only no longer before the next message may start. What decides a send (the
            // lead's state, pauses, caps) is checked on the message's turn, and a message read before a bounce
            // suppressed an address is read again once the bounce is committed.
            Task<Loaded>? next = claimed.Count > 0 ? LoadAsync(claimed[0], cancellationToken) : null;
            Task? committing = null;
            var i = 0;
            try
            {
                for (; i < claimed.Count; i++)
                {
                    var current = await next!;
                    next = i + 1 < claimed.Count ? LoadAsync(claimed[i + 1], cancellationToken) : null;
                    Signal? suppressed;
                    try
                    {
                        suppressed = await DeliverAsync(transport, current, pauses, cancellationToken);
                        if (committing is not null)
                            await committing; // one outcome in flight at a time, committed in sending order
                    }
                    catch
                    {
                        // A failed commit (the database gone) leaves this message unrecorded as well: both are sent again.
                        await current.DisposeAsync();
                        throw;
                    }
                    committing = CommitAsync(current, suppressed);
                    if (suppressed is not null && next is not null)
                    {
                        await committing;
                        committing = null;
                        await DisposeAsync(next);
                        next = LoadAsync(claimed[i + 1], cancellationToken);
                    }
                    handled++;
                }
                if (committing is not null)
                    await committing;
                committing = null;
            }
            catch (Exception e) when (SmtpSetupException.ProblemOf(e) is { } problem)
            {
                // Not the messages' fault: they go back at once, this attempt not counted.
                await ReleaseAsync(claimed.Skip(i).ToList(), cancellationToken);
                throw new SmtpSetupException(problem, e);
            }
            finally
            {
                // Only when the batch stopped on a failure: that failure is the one reported.
                if (committing is not null)
                    await CompleteQuietlyAsync(committing);
                if (next is not null)
                    await CompleteQuietlyAsync(DisposeAsync(next));
            }
            if (claimed.Count < BatchSize)
                return handled;
        }
    }

    private async Task ReleaseAsync(List<Guid> ids, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Outbox.Where(m => ids.Contains(m.Id) && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
    }

    private async Task<(HeldClaim Claim, DomainPauses Pauses)> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var claim = await leases.ClaimAsync(d => d.Outbox, (owner, lease) => LeaseClaims.ClaimAsync(db.Outbox,
            m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now, m => m.NextAttemptAt, BatchSize, now, lease, owner, cancellationToken));
        return (claim, claim.Ids.Count == 0 ? new DomainPauses() : await SendPolicy.PausesAsync(db, now, cancellationToken));
    }

    /// <summary>
    /// The message and its lead in one query, and the message's MIME parsed, in a unit of work of its own. The
    /// lead is read again here, at most one send before its turn: an unsubscribe since queueing wins.
    /// </summary>
    private async Task<Loaded> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var db = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            var row = await (
                from m in db.Outbox
                where m.Id == id
                join l in db.Leads on m.LeadId equals (Guid?)l.Id into leads
                from l in leads.DefaultIfEmpty()
                select new { Message = m, Lead = l, m.Body!.Mime }).SingleAsync(cancellationToken);
            using var stream = new MemoryStream(row.Mime ?? throw new InvalidOperationException($"Outbox message {id} has no MIME body."), writable: false);
            return new Loaded(db, row.Message, row.Lead, await MimeMessage.LoadAsync(stream, cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static async Task DisposeAsync(Task<Loaded> loading) => await (await loading).DisposeAsync();

    /// <summary>A read-ahead or a commit left behind when the batch stopped: awaited, whatever became of it.</summary>
    private static async Task CompleteQuietlyAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // It failed on its own; the failure that stopped the batch is the one that counts.
        }
    }

    /// <summary>Saves the outcome staged by <see cref="DeliverAsync"/>, then releases the message's unit of work.</summary>
    private async Task CommitAsync(Loaded loaded, Signal? suppressed)
    {
        await using (loaded)
            await loaded.Db.SaveChangesAsync(CancellationToken.None);
        if (suppressed is not null)
            signals.Enqueue(suppressed.Id, suppressed.LeadId);
    }

    /// <summary>
    /// Sends the message, or holds or cancels it, and stages the outcome in its unit of work (not yet saved);
    /// traced in the trace of the step that queued it.
    /// </summary>
    /// <returns>The suppression signal when a bounce suppressed the lead (a read-ahead message may be to the same address).</returns>
    private async Task<Signal?> DeliverAsync(IMailTransport transport, Loaded loaded, DomainPauses pauses, CancellationToken cancellationToken)
    {
        var message = loaded.Message;
        using var span = NurtureTracing.Continue("send email", ActivityKind.Client, message.TraceParent)?
            .SetTag("nurture.outbox.id", message.Id).SetTag("nurture.email.kind", KindOf(message));
        var suppressed = await DecideAsync(transport, loaded, pauses, cancellationToken);
        span?.SetTag("nurture.email.status", message.Status.ToString()).SetTag("nurture.email.attempts", message.Attempts);
        if (message.Status == OutboxStatus.Failed)
            span?.SetStatus(ActivityStatusCode.Error, message.LastError);
        return suppressed;
    }

    /// <summary>
    /// What is decided before the transport is asked: the message is cancelled (its lead can no longer receive it),
    /// held or expired (the send policy), staged on the message; or it may go now. A simulation decides the same way.
    /// </summary>
    /// <returns>True when the message may be handed to the transport now.</returns>
    public async Task<bool> MayGoAsync(NurtureDbContext db, DomainPauses pauses, OutboxMessage message, Lead? lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind == MessageKind.Marketing && CancelReason(lead, message) is { } reason)
        {
            // Checked again at send time: an unsubscribe between queueing and sending wins.
            message.Cancel(reason);
            NurtureMetrics.Email("cancelled", KindOf(message));
            return false;
        }
        if (await policy.CheckAsync(db, pauses, message, lead, now, cancellationToken) is not { } hold)
            return true;
        if (message.Kind == MessageKind.Marketing && hold.Until > message.CreatedAt + options.Value.MaxHold)
        {
            // A newsletter a week late reads as a mistake, and a campaign's moment has passed: it never goes.
            message.Expire($"expired: {hold.Reason} held it until {hold.Until:u}, past Email:MaxHold ({options.Value.MaxHold}) after it was queued");
            NurtureMetrics.Email("expired", KindOf(message));
        }
        else
        {
            message.HoldUntil(hold.Until, hold.Reason);
            NurtureMetrics.Email("held", KindOf(message));
        }
        return false;
    }

    private async Task<Signal?> DecideAsync(IMailTransport transport, Loaded loaded, DomainPauses pauses, CancellationToken cancellationToken)
    {
        var (db, message, lead) = (loaded.Db, loaded.Message, loaded.Lead);
        var now = time.GetUtcNow();
        message.ReleaseLease();
        Signal? suppressed = null;

        if (await MayGoAsync(db, pauses, message, lead, now, cancellationToken))
        {
            message.BeginAttempt();
            var started = time.GetTimestamp();
            try
            {
                await transport.SendAsync(loaded.Mime, returnPath.For(message.Id), cancellationToken);
                message.MarkSent(time.GetUtcNow());
                Sent(message, time.GetElapsedTime(started));
            }
            catch (SmtpCommandException e) when (SmtpSetupException.ProblemOf(e) is null && SmtpReply.Classify(e) is { Kind: not SmtpFailureKind.Transient } failure)
            {
                var reply = SmtpReply.Describe(e);
                if (failure.Kind == SmtpFailureKind.Policy)
                    PauseDomain(db, pauses, message, failure.Code, reply, now);
                else
                    suppressed = await BounceAsync(db, message, lead, failure.Code, reply, now, cancellationToken);
            }
            catch (Exception e) when (SmtpSetupException.ProblemOf(e) is null
                && e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException)
            {
                Defer(message, now, e is SmtpCommandException reply ? SmtpReply.Describe(reply) : e.Message);
            }
        }
        return suppressed;
    }

    /// <summary>The SMTP server took it: counted, timed, and for a rep's handoff email, the handoff's latency.</summary>
    private void Sent(OutboxMessage message, TimeSpan took)
    {
        NurtureMetrics.Email("sent", KindOf(message));
        NurtureMetrics.SmtpAccepted(took);
        if (message.Kind == MessageKind.Internal && message.IdempotencyKey.StartsWith(OutboxMessage.HandoffKeyPrefix, StringComparison.Ordinal))
            NurtureMetrics.HandoffNotified(time.GetUtcNow() - message.CreatedAt);
    }

    private static string KindOf(OutboxMessage message) => message.Kind switch
    {
        MessageKind.Marketing => "marketing",
        MessageKind.Internal => "internal",
        _ => message.Kind.ToString().ToLowerInvariant(),
    };

    private static string? CancelReason(Lead? lead, OutboxMessage message) => lead switch
    {
        null => "lead erased",
        { CanReceiveMarketing: false } => lead.OptIn == OptInStatus.Pending ? "double opt-in not confirmed" : "lead unsubscribed, bounced or complained",
        _ when !lead.WantsTopic(message.Topic) => $"lead turned topic '{message.Topic}' off",
        _ => null,
    };

    /// <summary>5xx: a hard bounce. The message fails for good and a lead's address is suppressed at once.</summary>
    private async Task<Signal?> BounceAsync(NurtureDbContext db, OutboxMessage message, Lead? lead, string code, string reply, DateTimeOffset now, CancellationToken cancellationToken)
    {
        message.Bounce(code, reply, now);
        NurtureMetrics.Email("bounced", KindOf(message));
        logger.LogWarning("Message {MessageId} to lead {LeadId} rejected permanently: {Error}", message.Id, message.LeadId, Redaction.Addresses(reply));
        if (message.Kind != MessageKind.Marketing || lead is null)
            return null;
        return await suppressions.ApplyAsync(db, lead, new Suppression(SuppressionReason.HardBounce, "smtp", $"{message.RecipientDomain} answered {reply}")
            { MessageId = message.Id }, now, cancellationToken);
    }

    /// <summary>5.7.x: the domain refuses us for policy. Not the recipient's fault: pause the domain, alert, keep the message.</summary>
    private void PauseDomain(NurtureDbContext db, DomainPauses pauses, OutboxMessage message, string code, string reply, DateTimeOffset now)
    {
        var until = now + options.Value.PolicyPause;
        pauses.Pause(message.RecipientDomain, until, code);
        db.DeliveryAlerts.Add(new DeliveryAlert
        {
            Id = Guid.CreateVersion7(now),
            Domain = message.RecipientDomain,
            Code = code,
            Detail = Columns.Fit(Redaction.Addresses(reply), DeliveryAlert.DetailLength), // the message id says whose it was
            MessageId = message.Id,
            At = now,
            PausedUntil = until,
        });
        message.HoldUntil(until, reply);
        logger.LogError("{Domain} refused message {MessageId} for policy ({Code}); marketing to it paused until {Until}: {Reply}",
            message.RecipientDomain, message.Id, code, until, Redaction.Addresses(reply));
    }

    private void Defer(OutboxMessage message, DateTimeOffset now, string error)
    {
        if (message.Attempts >= options.Value.MaxAttempts)
        {
            message.Fail(error);
            NurtureMetrics.Email("failed", KindOf(message));
            logger.LogError("Message {MessageId} to lead {LeadId} gave up after {Attempts} attempts: {Error}", message.Id, message.LeadId, message.Attempts, Redaction.Addresses(error));
            return;
        }
        message.HoldUntil(now + Backoff.After(message.Attempts, TimeSpan.FromSeconds(30), TimeSpan.FromHours(6)), error);
        NurtureMetrics.Email("deferred", KindOf(message));
        logger.LogWarning("Message {MessageId} deferred until {NextAttempt}: {Error}", message.Id, message.NextAttemptAt, Redaction.Addresses(error));
    }

    /// <summary>A message read for sending, with the unit of work it will be saved in.</summary>
    private sealed record Loaded(NurtureDbContext Db, OutboxMessage Message, Lead? Lead, MimeMessage Mime) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Mime.Dispose();
            await Db.DisposeAsync();
        }
    }

}
