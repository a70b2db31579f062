using System.Collections.Concurrent;
using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Nurture.Core.Scoring.Reliability;

public enum MxStatus
{
    /// <summary>The domain accepts mail: MX records, or (RFC 5321 §5.1) an address record to fall back to.</summary>
    Valid,

    /// <summary>The domain does not exist, has no way to receive mail, or publishes a null MX (RFC 7505).</summary>
    Invalid,

    /// <summary>The lookup failed or timed out: nothing is known, and nothing is held against the lead.</summary>
    Unknown,
}

public sealed record MxResult(MxStatus Status, string Detail);

/// <summary>Finds whether an email domain can receive mail.</summary>
public interface IMxLookup
{
    Task<MxResult> CheckAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>
/// MX lookups through DnsClient with a short timeout and its response cache; answers are also remembered
/// per domain for an hour (most leads share a handful of domains). A failure is Unknown, never Invalid.
/// </summary>
public sealed class DnsMxLookup : IMxLookup
{
    private readonly ILookupClient _dns;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (MxResult Result, DateTimeOffset Until)> _answers = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="timeout">The one attempt's limit; 2 s when not given (a lead is created while it runs).</param>
    /// <param name="nameServers">The resolvers to ask; the system's when none.</param>
    public DnsMxLookup(TimeProvider time, TimeSpan? timeout = null, params IPEndPoint[] nameServers)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        var options = nameServers.Length > 0 ? new LookupClientOptions(nameServers) : new LookupClientOptions();
        options.Timeout = timeout ?? TimeSpan.FromSeconds(2);
        options.Retries = 0;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        _dns = new LookupClient(options);
    }

    public async Task<MxResult> CheckAsync(string domain, CancellationToken cancellationToken)
    {
        if (_answers.TryGetValue(domain, out var known) && known.Until > _time.GetUtcNow())
            return known.Result;
        var result = await QueryAsync(domain, cancellationToken);
        if (result.Status != MxStatus.Unknown)
            _answers[domain] = (result, _time.GetUtcNow().AddHours(1));
        return result;
    }

    private async Task<MxResult> QueryAsync(string domain, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _dns.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken);
        }
        catch (DnsResponseException e)
        {
            return new MxResult(MxStatus.Unknown, $"DNS lookup failed: {e.Message}");
        }
        if (response.HasError)
        {
            return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
                ? new MxResult(MxStatus.Invalid, $"{domain} does not exist")
                : new MxResult(MxStatus.Unknown, $"DNS answered {response.Header.ResponseCode}");
        }
        var exchanges = response.Answers.MxRecords().ToList();
        if (exchanges.Count == 1 && exchanges[0].Exchange.Value is "." or "")
            return new MxResult(MxStatus.Invalid, $"{domain} publishes a null MX: it accepts no mail");
        if (exchanges.Count > 0)
            return new MxResult(MxStatus.Valid, $"MX {string.Join(", ", exchanges.OrderBy(x => x.Preference).Select(x => x.Exchange.Value.TrimEnd('.')))}");

        var address = await _dns.QueryAsync(domain, QueryType.A, cancellationToken: cancellationToken);
        if (address.HasError && address.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            return new MxResult(MxStatus.Unknown, $"DNS answered {address.Header.ResponseCode}");
        return address.Answers.ARecords().Any()
            ? new MxResult(MxStatus.Valid, "no MX; mail goes to its address record")
            : new MxResult(MxStatus.Invalid, $"{domain} has no MX and no address record");
    }
}
