using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Nurture.Server.Proxies;

/// <summary>
/// Behind a reverse proxy (TLS termination, a load balancer) every request comes from the proxy's address.
/// Tracking classifies hits by the client's IP (a burst of distinct IPs on one email, the IPs that followed
/// the hidden link), so the proxy's <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured, from
/// trusted proxies only: loopback by default, or the addresses and networks in <c>Server:TrustedProxies</c>.
/// Anyone else could forge the header to look like many readers, or like one.
/// </summary>
public static class ReverseProxySetup
{
    public const string Section = "Server:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(Section).Get<string[]>() ?? [];
        var networks = trusted.Select((entry, i) => Parse(entry, i)).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (networks.Count == 0)
                return; // the framework's defaults: loopback only
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
                options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    /// <summary>An address ("10.0.0.5") or a network in CIDR notation ("10.0.0.0/8", "fd00::/8").</summary>
    private static IPNetwork Parse(string entry, int index)
    {
        var text = entry.Trim();
        if (IPNetwork.TryParse(text, out var network))
            return network;
        if (IPAddress.TryParse(text, out var address))
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new InvalidOperationException($"{Section}:{index}: '{entry}' is neither an IP address nor a network such as 10.0.0.0/8.");
    }
}
