using Microsoft.Extensions.Options;
using Nurture.Core.Links;
using Nurture.Core.Website;

namespace Nurture.Core.Forms;

/// <summary>
/// The signed start token every rendering of a form carries: it says which form and when it was shown (so a
/// submission seconds later is a bot's), and its nonce is spent by the one submission it allows.
/// </summary>
public sealed class FormTokens(TokenSigner signer, IOptions<WebsiteOptions> options, TimeProvider time)
{
    public string Issue(string form)
    {
        var now = time.GetUtcNow();
        return signer.Sign(new TrackingToken(TrackingKind.FormStart, Guid.CreateVersion7(now), Guid.Empty, now + options.Value.FormTokenLifetime, form));
    }

    /// <returns>The nonce and when the form was shown; null when forged, for another form, or expired.</returns>
    public (Guid Nonce, DateTimeOffset ShownAt, DateTimeOffset ExpiresAt)? Read(string? token, string form)
    {
        if (!signer.TryVerify(token, TrackingKind.FormStart, time.GetUtcNow(), out var verified) || verified!.Target != form)
            return null;
        return (verified.MessageId, verified.ExpiresAt - options.Value.FormTokenLifetime, verified.ExpiresAt);
    }
}
