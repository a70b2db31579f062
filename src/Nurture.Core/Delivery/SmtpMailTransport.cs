using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>
/// One MailKit <see cref="SmtpClient"/> (not thread-safe, no pool of its own) kept open across messages.
/// Any failure other than a server reply drops the connection so that the next send reconnects.
/// </summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    private readonly SmtpClient _client = new() { Timeout = 30_000 };

    public async Task SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reused = _client.IsConnected;
        try
        {
            await SendOnceAsync(message, envelopeSender, cancellationToken);
        }
        catch (Exception e) when (reused && e is MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpProtocolException or IOException)
        {
            // Servers close idle connections (Postfix after 5 minutes): that is not the message's failure.
            // A fresh connection gets one immediate try before the outbox's backoff takes over.
            await SendOnceAsync(message, envelopeSender, cancellationToken);
        }
    }

    private async Task SendOnceAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureConnectedAsync(cancellationToken);
            if (envelopeSender is null)
                await _client.SendAsync(message, cancellationToken);
            else
                await _client.SendAsync(message, envelopeSender, message.To.Mailboxes, cancellationToken);
        }
        catch (SmtpCommandException)
        {
            throw; // the server answered: the connection is still usable
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DropConnectionAsync();
            throw;
        }
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
            return;
        var security = Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true);
        // Nagle off: SMTP is a chain of small commands each waiting for its reply, and with Nagle on the
        // last segment of a message can sit out the server's delayed ACK (40 ms on Linux) every time.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host!, options.Port, cancellationToken);
            await _client.ConnectAsync(socket, options.Host!, options.Port, security, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (!string.IsNullOrEmpty(options.Username))
            await _client.AuthenticateAsync(options.Username, options.Password ?? "", cancellationToken);
    }

    private async Task DropConnectionAsync()
    {
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync(quit: false);
        }
        catch (Exception)
        {
            // best effort: the socket may already be gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true);
            }
            catch (Exception)
            {
                // shutting down: a failed QUIT changes nothing
            }
        }
        _client.Dispose();
    }
}
