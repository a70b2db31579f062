namespace Nurture.Core.Content;

/// <summary>
/// The downloadable assets (white papers, guides) served from <c>assets/</c>. Only plain file names listed
/// at start can be served, so a token can never reach a path outside the folder.
/// </summary>
public sealed class AssetStore
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _files.Keys;

    public void Load(string directory)
    {
        _files.Clear();
        if (!Directory.Exists(directory))
            return;
        foreach (var path in Directory.EnumerateFiles(directory))
            _files[Path.GetFileName(path)] = Path.GetFullPath(path);
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
