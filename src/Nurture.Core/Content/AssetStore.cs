namespace Nurture.Core.Content;

/// <summary>
/// The downloadable assets (white papers, guides): their names and where this node keeps their bytes. Only
/// names in the list can be served, so a token can never reach a path outside it.
/// </summary>
public sealed class AssetStore
{
    private volatile IReadOnlyDictionary<string, string> _files = new Dictionary<string, string>();

    public IReadOnlyCollection<string> Names => _files.Keys.ToList();

    /// <summary>Lists the files of a folder (the CLI's check, without a database).</summary>
    public void Load(string directory) => Use(!Directory.Exists(directory)
        ? new Dictionary<string, string>()
        : Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), Path.GetFullPath, StringComparer.Ordinal));

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
