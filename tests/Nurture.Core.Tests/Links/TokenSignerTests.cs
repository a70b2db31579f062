using Nurture.Core.Links;

namespace Nurture.Core.Tests.Links;

public sealed class TokenSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TokenSigner _signer = Signer("a-signing-key-of-at-least-thirty-two-chars");

    [Fact]
    public void Signed_token_verifies_and_round_trips_its_content()
    {
        var token = new TrackingToken(TrackingKind.Click, Guid.NewGuid(), Guid.NewGuid(), Now.AddDays(1), "https://example.com/a?b=c");

        Assert.True(_signer.TryVerify(_signer.Sign(token), TrackingKind.Click, Now, out var verified));
        Assert.Equal(token with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(token.ExpiresAt.ToUnixTimeSeconds()) }, verified);
    }

    [Fact]
    public void Every_single_changed_character_is_refused()
    {
        var text = _signer.Sign(new TrackingToken(TrackingKind.Download, Guid.NewGuid(), Guid.NewGuid(), Now.AddDays(1), "paper.pdf"));
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '.')
                continue;
            var tampered = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            Assert.False(_signer.TryVerify(tampered, TrackingKind.Download, Now, out _), $"tampered at {i}");
        }
    }

    [Fact]
    public void Token_of_another_kind_key_or_past_its_expiry_is_refused()
    {
        var text = _signer.Sign(new TrackingToken(TrackingKind.Open, Guid.NewGuid(), Guid.NewGuid(), Now.AddMinutes(5)));

        Assert.False(_signer.TryVerify(text, TrackingKind.Click, Now, out _));
        Assert.False(Signer("another-key-that-is-also-long-enough!!").TryVerify(text, TrackingKind.Open, Now, out _));
        Assert.False(_signer.TryVerify(text, TrackingKind.Open, Now.AddMinutes(5), out _));
        Assert.True(_signer.TryVerify(text, TrackingKind.Open, Now.AddMinutes(4), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".")]
    [InlineData("!!!.###")]
    [InlineData("AQ.AQ")]
    public void Garbage_is_refused_without_throwing(string? text) =>
        Assert.False(_signer.TryVerify(text, TrackingKind.Click, Now, out _));

    [Fact]
    public void Short_keys_are_refused() =>
        Assert.Throws<ArgumentException>(() => Signer("short"));

    private static TokenSigner Signer(string key) => TokenSigner.WithKey(key);
}
