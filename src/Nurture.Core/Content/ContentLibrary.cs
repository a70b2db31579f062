namespace Nurture.Core.Content;

/// <summary>
/// The content library in force on this node: every asset with a file or a sidecar, by name, and by landing
/// page so that a page view finds its asset. Replaced as a whole when the shared documents load.
/// </summary>
public sealed class ContentLibrary
{
    /// <param name="All">In name order, so every listing and ranking reads them the same way; sorted once, read by every email.</param>
    private sealed record Index(IReadOnlyList<LibraryAsset> All, IReadOnlyDictionary<string, LibraryAsset> ByName, IReadOnlyDictionary<string, LibraryAsset> ByPage);

    private volatile Index _index = new([], new Dictionary<string, LibraryAsset>(), new Dictionary<string, LibraryAsset>());

    public IReadOnlyList<LibraryAsset> All => _index.All;

    public LibraryAsset? Find(string name) => _index.ByName.GetValueOrDefault(name);

    /// <param name="files">Assets with bytes (from <see cref="AssetStore"/>).</param>
    /// <param name="metadata">Sidecars by asset name; one without a file is a page (it must then have a URL).</param>
    public void Use(IEnumerable<string> files, IReadOnlyDictionary<string, AssetMetadata> metadata)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(metadata);
        var byName = files.ToDictionary(f => f, f => new LibraryAsset(f, metadata.GetValueOrDefault(f) ?? new AssetMetadata(), HasFile: true), StringComparer.Ordinal);
        foreach (var (name, meta) in metadata)
        {
            if (!byName.ContainsKey(name) && meta.Url is not null)
                byName[name] = new LibraryAsset(name, meta, HasFile: false);
        }
        List<LibraryAsset> all = [.. byName.Values.OrderBy(a => a.Name, StringComparer.Ordinal)];
        var byPage = new Dictionary<string, LibraryAsset>(StringComparer.Ordinal);
        foreach (var asset in all)
        {
            if (PageKey(asset.Metadata.Url) is { } key)
                byPage.TryAdd(key, asset);
        }
        _index = new Index(all, byName, byPage);
    }

    /// <summary>The asset a touch is about: the one it names, else the one whose landing page it viewed.</summary>
    public LibraryAsset? Resolve(ContentTouch touch)
    {
        ArgumentNullException.ThrowIfNull(touch);
        var index = _index;
        if (touch.Asset is { } name && index.ByName.TryGetValue(name, out var named))
            return named;
        return PageKey(touch.Url) is { } key ? index.ByPage.GetValueOrDefault(key) : null;
    }

    /// <summary>Host and path, without query, fragment or a trailing slash: a landing page is the same page with any UTM.</summary>
    public static string? PageKey(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return null;
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : uri.AbsolutePath;
        return $"{uri.Host.ToLowerInvariant()}{path}";
    }
}
