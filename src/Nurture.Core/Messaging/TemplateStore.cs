using System.Text.RegularExpressions;
using Nurture.Core.Configuration;
using Scriban;
using Scriban.Parsing;

namespace Nurture.Core.Messaging;

/// <summary>
/// Loads <c>templates/NAME.html</c> (front matter: <c>subject:</c>, optional <c>preheader:</c>, <c>layout:</c>,
/// <c>topic:</c>) with the optional <c>NAME.txt</c>, plus <c>layouts/</c> and <c>partials/</c>; parses them
/// once and keeps only those without errors. A reload swaps everything at once, so readers never see half.
/// </summary>
public sealed partial class TemplateStore
{
    public const string LayoutsFolder = "layouts";
    public const string PartialsFolder = "partials";
    private const string FrontMatterFence = "---";

    /// <summary>The folder name shown in error positions (<c>templates/welcome.html</c>).</summary>
    public const string Folder = "templates";

    private Loaded _loaded = Loaded.Empty;
    private IReadOnlyDictionary<string, string> _files = new Dictionary<string, string>();
    private TemplateChecks _checks = new();

    private sealed record Loaded(
        IReadOnlyDictionary<string, EmailTemplate> Templates,
        IReadOnlyDictionary<string, TemplatePart> Layouts,
        IReadOnlyDictionary<string, TemplatePart> Partials,
        IReadOnlyList<TemplateError> Errors)
    {
        public static readonly Loaded Empty = new(
            new Dictionary<string, EmailTemplate>(), new Dictionary<string, TemplatePart>(), new Dictionary<string, TemplatePart>(), []);
    }

    public IReadOnlyCollection<EmailTemplate> All => _loaded.Templates.Values.ToList();
    public IReadOnlyList<TemplateError> Errors => _loaded.Errors;
    public IReadOnlyDictionary<string, TemplatePart> Partials => _loaded.Partials;
    public IReadOnlyDictionary<string, TemplatePart> Layouts => _loaded.Layouts;

    /// <summary>The files loaded last, by their path inside the folder (<c>welcome.html</c>, <c>layouts/base.html</c>).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public bool Exists(string name) => _loaded.Templates.ContainsKey(name);

    public EmailTemplate Get(string name) =>
        _loaded.Templates.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"Template '{name}' is not loaded.");

    /// <summary>The template's files as loaded (HTML with front matter, text), or null.</summary>
    public (string Html, string? Text)? Source(string name) =>
        IsValidName(name) && _files.TryGetValue(name + ".html", out var html) ? (html, _files.GetValueOrDefault(name + ".txt")) : null;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The files a template is saved as: its HTML, and its text part (null removes it).</summary>
    public static IReadOnlyList<(string File, string? Content)> FilesOf(string name, string html, string? text) =>
        [(name + ".html", html), (name + ".txt", text)];

    /// <summary>Every template, layout and partial file in a folder, by its path inside it.</summary>
    public static IReadOnlyDictionary<string, string> ReadFolder(string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
            return files;
        foreach (var folder in new[] { "", LayoutsFolder, PartialsFolder })
        {
            var path = Path.Combine(directory, folder);
            if (!Directory.Exists(path))
                continue;
            foreach (var file in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal)))
                files[folder.Length == 0 ? Path.GetFileName(file) : $"{folder}/{Path.GetFileName(file)}"] = File.ReadAllText(file);
        }
        return files;
    }

    public void Load(string directory, TemplateChecks? checks = null) => Load(ReadFolder(directory), checks);

    /// <summary>Parses every template, layout and partial, then swaps them in at once.</summary>
    public void Load(IReadOnlyDictionary<string, string> files, TemplateChecks? checks = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _checks = checks ?? _checks;
        var errors = new List<TemplateError>();
        var layouts = LoadParts(files, LayoutsFolder, errors);
        var partials = LoadParts(files, PartialsFolder, errors);
        var effective = _checks with { LayoutExists = layouts.ContainsKey, PartialExists = partials.ContainsKey };
        var templates = new Dictionary<string, EmailTemplate>(StringComparer.Ordinal);
        foreach (var (file, html) in files.Where(f => !f.Key.Contains('/', StringComparison.Ordinal) && f.Key.EndsWith(".html", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var name = file[..^".html".Length];
            var textFile = name + ".txt";
            var template = Parse(name, Shown(file), html,
                files.TryGetValue(textFile, out var text) ? (Shown(textFile), text) : null, errors, effective);
            if (template is not null)
                templates[name] = template;
        }
        (_files, _loaded) = (files, new Loaded(templates, layouts, partials, errors));
    }

    /// <summary>Parses an edited template against the loaded layouts and partials, writing nothing (the editor's live preview).</summary>
    public EmailTemplate? Check(string name, string html, string? text, out IReadOnlyList<TemplateError> errors)
    {
        var found = new List<TemplateError>();
        errors = found;
        if (!IsValidName(name))
        {
            found.Add(new TemplateError($"{name}.html", 1, 1, "a template name is lower-case letters, digits and '-' (at most 60)."));
            return null;
        }
        var checks = _checks with { LayoutExists = _loaded.Layouts.ContainsKey, PartialExists = _loaded.Partials.ContainsKey };
        return Parse(name, Shown(name + ".html"), html, text is null ? null : (Shown(name + ".txt"), text), found, checks);
    }

    private static Dictionary<string, TemplatePart> LoadParts(IReadOnlyDictionary<string, string> files, string folder, List<TemplateError> errors)
    {
        var parts = new Dictionary<string, TemplatePart>(StringComparer.Ordinal);
        var prefix = folder + "/";
        foreach (var (file, htmlSource) in files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Key.EndsWith(".html", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var textFile = file[..^".html".Length] + ".txt";
            var before = errors.Count;
            var textSource = files.GetValueOrDefault(textFile);
            var htmlTemplate = ParsePart(htmlSource, Shown(file), 1, 0, errors);
            var textTemplate = textSource is null ? null : ParsePart(textSource, Shown(textFile), 1, 0, errors);
            var name = file[prefix.Length..^".html".Length];
            if (errors.Count == before)
                parts[name] = new TemplatePart(name, Shown(file), htmlSource, htmlTemplate, textSource, textTemplate);
        }
        return parts;
    }

    /// <summary>Parses one template; returns null and fills <paramref name="errors"/> when it has any.</summary>
    public static EmailTemplate? Parse(string name, string file, string htmlSource, (string File, string Source)? text, List<TemplateError> errors, TemplateChecks? checks = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        checks ??= new TemplateChecks();
        var before = errors.Count;
        CheckReferences(file, htmlSource, checks, errors);
        if (text is { } textPart)
            CheckReferences(textPart.File, textPart.Source, checks, errors);
        var (headers, body, bodyLine) = SplitFrontMatter(htmlSource, file, errors);
        if (!headers.TryGetValue("subject", out var subjectHeader))
            errors.Add(new TemplateError(file, 1, 1, "front matter must give a 'subject:' line between '---' fences."));
        foreach (var (key, header) in headers.Where(h => !KnownHeaders.Contains(h.Key)))
            errors.Add(new TemplateError(file, header.Line, 1, $"unknown front matter key '{key}' (expected {string.Join(", ", KnownHeaders)})."));
        var layout = headers.TryGetValue("layout", out var l) ? l : default;
        if (layout.Text is { } layoutName && checks.LayoutExists?.Invoke(layoutName) == false)
            errors.Add(new TemplateError(file, layout.Line, layout.Column + 1, $"layout '{layoutName}' does not exist in templates/{LayoutsFolder}/."));
        var topic = headers.TryGetValue("topic", out var t) ? t : default;
        if (topic.Text is { } topicName && checks.TopicExists?.Invoke(topicName) == false)
            errors.Add(new TemplateError(file, topic.Line, topic.Column + 1, $"topic '{topicName}' is not configured (Email:Topics)."));

        var subject = ParsePart(subjectHeader.Text ?? "", file, subjectHeader.Line, subjectHeader.Column, errors);
        var preheader = headers.TryGetValue("preheader", out var p) ? ParsePart(p.Text, file, p.Line, p.Column, errors) : null;
        var html = ParsePart(body, file, bodyLine, 0, errors);
        var textTemplate = text is { } tp ? ParsePart(tp.Source, tp.File, 1, 0, errors) : null;

        return errors.Count > before
            ? null
            : new EmailTemplate(name, file, subject, html, textTemplate) { Preheader = preheader, Layout = layout.Text, Topic = topic.Text };
    }

    private static readonly string[] KnownHeaders = ["subject", "preheader", "layout", "topic"];

    /// <summary>A one-line template outside any file (an experiment variant's subject); null, with its errors, when it does not parse.</summary>
    public static Template? ParseLine(string source, string where, List<TemplateError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var template = ParsePart(source, where, 1, 0, errors);
        return errors.Count == before ? template : null;
    }

    /// <param name="firstLine">1-based line of the part in its file.</param>
    /// <param name="firstColumn">0-based column where the part starts on its first line.</param>
    private static Template ParsePart(string source, string file, int firstLine, int firstColumn, List<TemplateError> errors)
    {
        var template = Template.Parse(source, file);
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
            {
                // Scriban counts lines and columns from 0, within the part it was given.
                var line = message.Span.Start.Line;
                var column = message.Span.Start.Column + (line == 0 ? firstColumn : 0);
                errors.Add(new TemplateError(file, line + firstLine, column + 1, message.Message));
            }
        }
        return template;
    }

    private static void CheckReferences(string file, string source, TemplateChecks checks, List<TemplateError> errors)
    {
        if (checks.AssetExists is { } assetExists)
            Check(AssetCall(), assetExists, "asset '{0}' does not exist in assets/.");
        if (checks.PartialExists is { } partialExists)
            Check(IncludeCall(), partialExists, "partial '{0}' does not exist in templates/" + PartialsFolder + "/.");

        void Check(Regex pattern, Func<string, bool> exists, string message)
        {
            foreach (Match call in pattern.Matches(source))
            {
                var referenced = call.Groups["name"].Value;
                if (exists(referenced))
                    continue;
                var line = 1 + source.AsSpan(0, call.Index).Count('\n');
                var column = call.Index - source.LastIndexOf('\n', Math.Max(0, call.Index - 1));
                errors.Add(new TemplateError(file, line, column, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, referenced)));
            }
        }
    }

    [GeneratedRegex("""asset_url\s+['"](?<name>[^'"]+)['"]""")]
    private static partial Regex AssetCall();

    [GeneratedRegex("""include\s+['"](?<name>[^'"]+)['"]""")]
    private static partial Regex IncludeCall();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$")]
    private static partial Regex NamePattern();

    private static (Dictionary<string, (string Text, int Line, int Column)> Headers, string Body, int BodyLine) SplitFrontMatter(
        string source, string file, List<TemplateError> errors)
    {
        var headers = new Dictionary<string, (string, int, int)>(StringComparer.OrdinalIgnoreCase);
        var lines = source.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != FrontMatterFence)
            return (headers, source, 1);

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line == FrontMatterFence)
                return (headers, string.Join('\n', lines[(i + 1)..]), i + 2);
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                errors.Add(new TemplateError(file, i + 1, 1, $"front matter line must be 'key: value' (got '{line}')."));
                continue;
            }
            var value = line[(colon + 1)..];
            var column = colon + 1 + (value.Length - value.TrimStart().Length);
            headers[line[..colon].Trim()] = (value.Trim(), i + 1, column);
        }
        errors.Add(new TemplateError(file, 1, 1, "front matter opened with '---' is never closed."));
        return (headers, "", lines.Length);
    }

    /// <summary>How a file is named in errors: its path from the home folder.</summary>
    private static string Shown(string file) => $"{Folder}/{file}";
}

/// <summary>What a template may refer to; a null check is skipped (the CLI validates without a server).</summary>
public sealed record TemplateChecks
{
    public Func<string, bool>? AssetExists { get; init; }
    public Func<string, bool>? TopicExists { get; init; }
    public Func<string, bool>? LayoutExists { get; init; }
    public Func<string, bool>? PartialExists { get; init; }
}
