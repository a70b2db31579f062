using System.IO.Compression;

namespace Nurture.Core.Scoring.Reliability;

/// <summary>Disposable and free-mail domains, from the lists shipped with the engine (Data/SOURCES.md).</summary>
public sealed class DomainLists
{
    private readonly Lazy<HashSet<string>> _disposable = new(() => Read("disposable-domains.txt.gz"));
    private readonly Lazy<HashSet<string>> _free = new(() => Read("free-domains.txt.gz"));

    /// <summary>True for a listed domain or any subdomain of one (x.mailinator.com).</summary>
    public bool IsDisposable(string domain) => Matches(_disposable.Value, domain);

    public bool IsFreeMail(string domain) => Matches(_free.Value, domain);

    private static bool Matches(HashSet<string> list, string domain)
    {
        var candidate = domain.Trim().TrimEnd('.').ToLowerInvariant();
        while (candidate.Length > 0)
        {
            if (list.Contains(candidate))
                return true;
            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
                return false;
            candidate = candidate[(dot + 1)..];
        }
        return false;
    }

    private static HashSet<string> Read(string file)
    {
        using var resource = typeof(DomainLists).Assembly.GetManifestResourceStream("Nurture.Domains." + file)
            ?? throw new InvalidOperationException($"The domain list {file} is not embedded in Nurture.Core.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var domains = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                domains.Add(line);
        }
        return domains;
    }
}
