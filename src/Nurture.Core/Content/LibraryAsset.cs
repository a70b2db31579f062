namespace Nurture.Core.Content;

/// <summary>An asset as the library holds it: its name, its metadata (defaults when it has no sidecar), and whether it has a file.</summary>
public sealed record LibraryAsset(string Name, AssetMetadata Metadata, bool HasFile)
{
    public string Title => Metadata.Title ?? TitleOf(Name);

    /// <summary>"whitepaper-lead-nurturing.pdf" → "Whitepaper lead nurturing".</summary>
    public static string TitleOf(string name)
    {
        var words = Path.GetFileNameWithoutExtension(name).Replace('-', ' ').Replace('_', ' ');
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
