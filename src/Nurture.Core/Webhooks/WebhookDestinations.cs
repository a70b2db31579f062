using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Nurture.Core.Webhooks;

/// <summary>
/// Keeps webhooks away from the inside of the network (SSRF): a destination must resolve to a public address,
/// unless its host is one the operator trusts (Webhooks:AllowedHosts, and the CRM's own host). The check runs
/// on the addresses actually connected to, so a name that resolves to a public address when a journey is
/// published and to 127.0.0.1 when it is called (DNS rebinding) is still refused.
/// </summary>
public sealed class WebhookDestinations(IOptions<WebhookOptions> webhooks)
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network"
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), // link-local, where cloud metadata services answer
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved and broadcast
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b::/96"), // NAT64: an IPv4 address in disguise
        IPNetwork.Parse("fc00::/7"), // unique local
        IPNetwork.Parse("fe80::/10"), // link-local
        IPNetwork.Parse("ff00::/8"), // multicast
    ];

    /// <summary>Whether an address is on the public internet: not loopback, private, link-local, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return !Blocked.Any(network => network.Contains(address));
    }

    public bool IsTrusted(string host)
    {
        return string.Equals(host, webhooks.Value.CrmHost, StringComparison.OrdinalIgnoreCase) || webhooks.Value.AllowedHosts.Any(allowed => Matches(allowed, host));
    }

    /// <summary>"hooks.internal" matches itself; "*.internal" matches any name under it.</summary>
    private static bool Matches(string allowed, string host) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host and connects only to an address allowed for it.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var resolved = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = IsTrusted(host) ? resolved : resolved.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new WebhookDestinationRefusedException(host, resolved);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook whose host resolves only to addresses inside the network; never retried.</summary>
public sealed class WebhookDestinationRefusedException(string host, IReadOnlyList<IPAddress> addresses)
    : Exception($"{host} resolves to {(addresses.Count == 0 ? "no address" : string.Join(", ", addresses))}, inside the network: refused. " +
        "Add the host to Webhooks:AllowedHosts if it is trusted.");
