using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Nurture.Core.Configuration;

namespace Nurture.Core.Content;

/// <summary>What a piece of content is, which decides who it suits: leads differ in the formats they answer to.</summary>
public enum ContentFormat
{
    [JsonStringEnumMemberName("blog")] Blog,
    [JsonStringEnumMemberName("ebook")] Ebook,
    [JsonStringEnumMemberName("whitepaper")] Whitepaper,
    [JsonStringEnumMemberName("technical-article")] TechnicalArticle,
    [JsonStringEnumMemberName("video")] Video,
    [JsonStringEnumMemberName("webinar")] Webinar,
    [JsonStringEnumMemberName("case-study")] CaseStudy,
}

/// <summary>The buyer's stage a piece of content is written for; a lead's own stage is read by <see cref="BuyerStages"/>.</summary>
public enum BuyerStage
{
    [JsonStringEnumMemberName("awareness")] Awareness,
    [JsonStringEnumMemberName("consideration")] Consideration,
    [JsonStringEnumMemberName("decision")] Decision,
}

/// <summary>
/// An asset's place in the library, from its sidecar (<c>assets/NAME.meta.json</c>) or the web app. An asset
/// with a file is downloaded through a tracked link; one without (a blog post, a video on the site) is its
/// <see cref="Url"/>, reached through a tracked click and seen by the website script.
/// </summary>
public sealed partial record AssetMetadata
{
    public const string SidecarSuffix = ".meta.json";
    public const int MaxTopics = 10;

    public string? Title { get; init; }
    public ContentFormat? Format { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public BuyerStage? Stage { get; init; }

    /// <summary>Behind a form on the site (a form that names it as its asset); an email reaches a known lead, so it links straight to it.</summary>
    public bool Gated { get; init; }

    /// <summary>Its landing page (absolute): views, time on it and video progress there count as the asset's engagement.</summary>
    public string? Url { get; init; }

    public string? Summary { get; init; }

    /// <summary>Parses and checks a sidecar; every problem names its field (<c>assets/guide.pdf.meta.json: stage: …</c>).</summary>
    public static AssetMetadata Parse(string json, string source) => JsonModel.Parse<AssetMetadata>(json, source, m => m.Problems());

    public string ToJson() => JsonModel.Serialize(this);

    /// <summary>The asset a sidecar file describes (<c>guide.pdf.meta.json</c> → <c>guide.pdf</c>), or null for any other file.</summary>
    public static string? AssetOfSidecar(string fileName) =>
        fileName.EndsWith(SidecarSuffix, StringComparison.Ordinal) && fileName.Length > SidecarSuffix.Length
            ? fileName[..^SidecarSuffix.Length]
            : null;

    /// <summary>Asset names: a file name, with no path (they name files on disk and appear in links).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && !name.EndsWith(SidecarSuffix, StringComparison.Ordinal);

    /// <summary>A sidecar with no file beside it describes a page, so it needs the page's address.</summary>
    public string? ProblemWithoutFile() => Url is null ? "url: no file has this name, so this describes a page on the site and needs its url." : null;

    /// <summary>A file's name needs an extension: it gives the download its type, and the prospect a file they can open.</summary>
    public static bool IsValidFileName(string name) => IsValidName(name) && FileNamePattern().IsMatch(name);

    private IEnumerable<string> Problems()
    {
        if (Title is { Length: > 200 })
            yield return "title: at most 200 characters.";
        if (Topics.Count > MaxTopics)
            yield return $"topics: at most {MaxTopics} (got {Topics.Count}).";
        for (var i = 0; i < Topics.Count; i++)
        {
            if (!TopicPattern().IsMatch(Topics[i] ?? ""))
                yield return $"topics[{i}]: '{Topics[i]}' must be lower-case words joined by '-' (routing, lead-scoring).";
        }
        foreach (var twice in Topics.GroupBy(t => t).Where(g => g.Count() > 1))
            yield return $"topics: '{twice.Key}' is listed twice.";
        if (Url is { } url && !ValidatedOptionsRegistration.IsHttpUrl(url))
            yield return $"url: '{url}' must be an absolute http(s) address.";
        if (Summary is { Length: > 1000 })
            yield return "summary: at most 1000 characters.";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,149}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"[^.]\.[A-Za-z0-9]{1,10}$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex TopicPattern();
}
