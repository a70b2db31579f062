using MimeKit;

namespace Nurture.Core.Delivery;

/// <summary>Puts one message on its way. A transport belongs to one delivery worker and is not shared.</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <param name="envelopeSender">MAIL FROM, where bounces go; null uses the From address.</param>
    Task SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken cancellationToken);
}
