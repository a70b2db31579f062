namespace Nurture.Core.Content;

/// <summary>
/// The downloadable assets (white papers, guides): their names and where this node keeps their bytes. Only
/// names in the list can be served, so a token can never reach a path outside it.
/// </summary>
public sealed class AssetStore
{
    private volatile IReadOnlyDictionary<string, string> _files = new Dictionary<string, string>();

    public IReadOnlyCollection<string> Names => _files.Keys.ToList();

    /// <summary>Lists the files of a folder (the CLI's check, without a database), sidecars aside.</summary>
    public void Load(string directory) => Use(Files(directory).ToDictionary(f => Path.GetFileName(f), Path.GetFullPath, StringComparer.Ordinal));

    /// <summary>The asset files of a folder, in name order: every file but the sidecars.</summary>
    public static IEnumerable<string> Files(string directory) => !Directory.Exists(directory)
        ? []
        : Directory.EnumerateFiles(directory).Where(f => AssetMetadata.AssetOfSidecar(Path.GetFileName(f)) is null).Order(StringComparer.Ordinal);

    /// <summary>The sidecars of a folder (<c>NAME.meta.json</c>), by the asset they describe, in name order.</summary>
    public static IEnumerable<(string Asset, string File)> Sidecars(string directory) => !Directory.Exists(directory)
        ? []
        : Directory.EnumerateFiles(directory, "*" + AssetMetadata.SidecarSuffix).Order(StringComparer.Ordinal)
            .Select(f => (AssetMetadata.AssetOfSidecar(Path.GetFileName(f))!, f));

    /// <summary>Puts a new list in force at once: name → local file holding its bytes.</summary>
    public void Use(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
    }

    public bool Exists(string name) => _files.ContainsKey(name);

    public string? PathOf(string name) => _files.GetValueOrDefault(name);

    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".zip" => "application/zip",
        _ => "application/octet-stream",
    };
}
