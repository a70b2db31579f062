using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nurture.Core.Messaging;

namespace Nurture.Core.Feedback;

/// <summary>
/// Optional: reads the mailbox that bounces and complaints arrive in (IMAP), hands each unread message to
/// <see cref="FeedbackProcessor"/> and marks it read, so it is handled once. Off unless a host is set.
/// </summary>
public sealed class FeedbackMailboxPoller(
    FeedbackProcessor processor,
    IOptions<EmailOptions> options,
    ILogger<FeedbackMailboxPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mailbox = options.Value.FeedbackMailbox;
        if (!mailbox.IsConfigured)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or ImapCommandException or ImapProtocolException or AuthenticationException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning(e, "Polling the feedback mailbox {Host} failed; trying again in {Interval}", mailbox.Host, mailbox.Interval);
            }
            // Real time on purpose: how often a remote mailbox is asked, not business time.
            await Task.Delay(mailbox.Interval, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <returns>How many messages were read.</returns>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var mailbox = options.Value.FeedbackMailbox;
        using var client = new ImapClient { Timeout = 30_000 };
        await client.ConnectAsync(mailbox.Host!, mailbox.Port, Enum.Parse<SecureSocketOptions>(mailbox.Security, ignoreCase: true), cancellationToken);
        if (!string.IsNullOrEmpty(mailbox.Username))
            await client.AuthenticateAsync(mailbox.Username, mailbox.Password ?? "", cancellationToken);
        var folder = await client.GetFolderAsync(mailbox.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var unread = await folder.SearchAsync(SearchQuery.NotSeen, cancellationToken);
        foreach (var uid in unread)
        {
            var message = await folder.GetMessageAsync(uid, cancellationToken);
            var result = await processor.ProcessAsync(message, cancellationToken);
            logger.LogInformation("Feedback mailbox message {Uid}: {Kind} {Detail}", uid, result.Kind, Leads.Redaction.Addresses(result.Detail));
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        return unread.Count;
    }
}
