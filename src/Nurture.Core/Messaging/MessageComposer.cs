using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Utils;

namespace Nurture.Core.Messaging;

/// <summary>
/// Builds the MIME message: multipart/alternative with a plain-text part, a Message-ID in our own domain,
/// RFC 8058 one-click unsubscribe headers and Feedback-ID for marketing mail, then Prepare(SevenBit)
/// so that a DKIM signature added afterwards survives relays.
/// </summary>
public sealed class MessageComposer(IOptions<EmailOptions> options, TimeProvider time)
{
    // Signed, in this order, when present; the unsubscribe headers must be covered (RFC 8058).
    private static readonly string[] SignedHeaders =
    [
        "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post", "Feedback-ID",
    ];

    private readonly Lazy<DkimSigner?> _signer = new(() => CreateSigner(options.Value.Dkim));

    public MimeMessage Compose(ComposeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var message = new MimeMessage
        {
            Subject = request.Subject,
            MessageId = MimeUtils.GenerateMessageId(settings.MessageIdDomain),
            Date = time.GetUtcNow(),
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(request.To);

        if (request.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>, <mailto:{settings.UnsubscribeMailbox}?subject=unsubscribe>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (request.FeedbackCampaign is { } campaign)
            message.Headers.Add("Feedback-ID", $"{campaign}:nurture:{settings.FeedbackSenderId}");

        var body = new BodyBuilder { HtmlBody = request.Html, TextBody = request.Text };
        message.Body = body.ToMessageBody();
        // 7-bit first: a relay that re-encodes 8-bit parts would break the signature.
        message.Prepare(EncodingConstraint.SevenBit);
        if (_signer.Value is { } signer)
            signer.Sign(message, SignedHeaders.Where(message.Headers.Contains).ToList());
        return message;
    }

    private static DkimSigner? CreateSigner(DkimOptions dkim) => dkim.IsConfigured
        ? new PlatformRsaDkimSigner(dkim.PrivateKeyFile!, dkim.Domain!, dkim.Selector!)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            AgentOrUserIdentifier = "@" + dkim.Domain,
        }
        : null;

    public static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }
}

public sealed record ComposeRequest(MailboxAddress To, string Subject, string Html, string Text)
{
    public string? UnsubscribeUrl { get; init; }
    public string? FeedbackCampaign { get; init; }
}
