using MimeKit;

namespace Nurture.Core.Delivery;

/// <summary>Puts one message on its way. A transport belongs to one delivery worker and is not shared.</summary>
public interface IMailTransport : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
