namespace Nurture.Core.Documents;

/// <summary>
/// One immutable version of a document every node must agree on: a template file, the scoring model, the
/// routing, the custom fields, an asset. The database is the source of truth; files are seeds.
/// </summary>
public sealed class StoredDocument
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }

    /// <summary>The document's name within its kind, such as <c>welcome.html</c> or <c>layouts/base.html</c>.</summary>
    public required string Name { get; set; }

    public int Version { get; set; }

    /// <summary>The bytes (UTF-8 for text); null when this version removes the document.</summary>
    public byte[]? Content { get; set; }

    /// <summary>SHA-256 of the content (empty when removed): an unchanged save makes no version.</summary>
    public required string Checksum { get; set; }

    /// <summary>Where it came from: the seed file, or the API and who.</summary>
    public required string Source { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>The kinds of shared documents.</summary>
public static class DocumentKinds
{
    public const string Template = "template";
    public const string ScoringModel = "scoring-model";
    public const string Routing = "routing";
    public const string Fields = "fields";
    public const string Asset = "asset";
    public const string AssetMetadata = "asset-meta";
    public const string Form = "form";
}
