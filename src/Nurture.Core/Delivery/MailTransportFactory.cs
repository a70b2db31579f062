using Microsoft.Extensions.Options;
using Nurture.Core.Messaging;

namespace Nurture.Core.Delivery;

/// <summary>SMTP when a host is configured, otherwise the pickup folder.</summary>
public sealed class MailTransportFactory(IOptions<EmailOptions> options)
{
    public IMailTransport Create()
    {
        var email = options.Value;
        return email.Smtp.IsConfigured ? new SmtpMailTransport(email.Smtp) : new PickupDirectoryTransport(email.PickupDirectory);
    }
}
