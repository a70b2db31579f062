using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nurture.Server.Accounts.Login;

/// <summary>
/// Slows down whoever sends wrong passwords without locking the owner out, so that a stranger cannot keep an
/// account closed (Identity's lockout could be renewed forever by anyone who knew the address):
/// <list type="bullet">
/// <item>per client and account: after <see cref="AccountOptions.FreeLoginFailures"/> wrong passwords, each further
/// one doubles the wait before that client may try that account again (1 s, 2 s, 4 s … up to <see cref="AccountOptions.MaxLoginBackoff"/>);</item>
/// <item>per account, for clients it never signed in from: <see cref="AccountOptions.AccountFailureLimit"/> wrong passwords within
/// <see cref="AccountOptions.AccountFailureWindow"/> close it to them until the oldest falls out of the window. A device the
/// owner signed in from (<see cref="DeviceCookies"/>) is not counted and not refused.</item>
/// </list>
/// Keys are the address as typed, whether an account has it or not, so the answers tell nothing about which exist.
/// Kept in memory on each node: behind a load balancer a guesser gets each node's allowance.
/// </summary>
public sealed class LoginThrottle(IOptions<AccountOptions> options, TimeProvider time)
{
    /// <summary>Past this many tracked clients or accounts, entries whose wait has ended are dropped.</summary>
    private const int PruneAbove = 10_000;

    private sealed record Backoff(int Failures, DateTimeOffset NotBefore);

    private readonly ConcurrentDictionary<(string Account, string Client), Backoff> _clients = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _accounts = new(StringComparer.Ordinal);

    /// <summary>How long this client must wait before trying this account, or null when it may try now.</summary>
    public TimeSpan? WaitBefore(string account, string client, bool knownDevice)
    {
        var now = time.GetUtcNow();
        var waits = new List<TimeSpan>();
        if (_clients.TryGetValue((account, client), out var backoff) && backoff.NotBefore > now)
            waits.Add(backoff.NotBefore - now);
        if (!knownDevice && _accounts.TryGetValue(account, out var failures))
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count >= options.Value.AccountFailureLimit)
                    waits.Add(failures.Peek() + options.Value.AccountFailureWindow - now);
            }
        }
        return waits.Count == 0 ? null : waits.Max();
    }

    public void Failed(string account, string client, bool knownDevice)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        Prune(now);
        _clients.AddOrUpdate((account, client), _ => Next(0), (_, previous) => Next(previous.Failures));
        if (knownDevice)
            return;
        var failures = _accounts.GetOrAdd(account, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }

        Backoff Next(int previous)
        {
            var failed = previous + 1;
            var beyond = failed - settings.FreeLoginFailures;
            var wait = beyond <= 0 ? TimeSpan.Zero
                : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, beyond - 1), settings.MaxLoginBackoff.TotalSeconds));
            return new Backoff(failed, now + wait);
        }
    }

    /// <summary>The right password: this client starts afresh on this account (the account's window runs on).</summary>
    public void Succeeded(string account, string client) => _clients.TryRemove((account, client), out _);

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + options.Value.AccountFailureWindow <= now)
            failures.Dequeue();
    }

    private void Prune(DateTimeOffset now)
    {
        if (_clients.Count > PruneAbove)
        {
            foreach (var (key, backoff) in _clients)
            {
                if (backoff.NotBefore + options.Value.MaxLoginBackoff <= now)
                    _clients.TryRemove(key, out _);
            }
        }
        if (_accounts.Count > PruneAbove)
        {
            foreach (var (account, failures) in _accounts)
            {
                lock (failures)
                {
                    Expire(failures, now);
                    if (failures.Count == 0)
                        _accounts.TryRemove(account, out _);
                }
            }
        }
    }
}
