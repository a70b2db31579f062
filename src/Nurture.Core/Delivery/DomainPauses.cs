namespace Nurture.Core.Delivery;

/// <summary>
/// Recipient domains that refused our mail for policy (5.7.x), each paused until the latest of its open
/// alerts: what the dispatcher read at the start of a batch, plus the pauses it raised since.
/// </summary>
public sealed class DomainPauses
{
    private readonly Dictionary<string, (DateTimeOffset Until, string Code)> _pauses = new(StringComparer.OrdinalIgnoreCase);

    public void Pause(string domain, DateTimeOffset until, string code)
    {
        if (!_pauses.TryGetValue(domain, out var known) || known.Until < until)
            _pauses[domain] = (until, code);
    }

    public (DateTimeOffset Until, string Code)? Find(string domain) => _pauses.TryGetValue(domain, out var pause) ? pause : null;
}
