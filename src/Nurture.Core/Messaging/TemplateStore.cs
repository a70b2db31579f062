using System.Text.RegularExpressions;
using Scriban;
using Scriban.Parsing;

namespace Nurture.Core.Messaging;

/// <summary>
/// Loads <c>templates/NAME.html</c> (with a front matter of <c>subject:</c> and <c>preheader:</c>) and the
/// optional <c>NAME.txt</c>, parses them once, and keeps only the templates that parse without errors.
/// </summary>
public sealed partial class TemplateStore
{
    private const string FrontMatterFence = "---";
    private readonly Dictionary<string, EmailTemplate> _templates = new(StringComparer.Ordinal);
    private readonly List<TemplateError> _errors = [];

    public IReadOnlyCollection<EmailTemplate> All => _templates.Values;
    public IReadOnlyList<TemplateError> Errors => _errors;

    public bool Exists(string name) => _templates.ContainsKey(name);

    public EmailTemplate Get(string name) =>
        _templates.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"Template '{name}' is not loaded.");

    /// <param name="assetExists">When given, <c>asset_url 'name'</c> calls naming a missing asset are errors.</param>
    public void Load(string directory, Func<string, bool>? assetExists = null)
    {
        _templates.Clear();
        _errors.Clear();
        if (!Directory.Exists(directory))
            return;
        foreach (var html in Directory.EnumerateFiles(directory, "*.html").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(html);
            var textPath = Path.ChangeExtension(html, ".txt");
            var errors = new List<TemplateError>();
            var template = Parse(name, Relative(directory, html), File.ReadAllText(html),
                File.Exists(textPath) ? (Relative(directory, textPath), File.ReadAllText(textPath)) : null, errors, assetExists);
            if (template is not null)
                _templates[name] = template;
            _errors.AddRange(errors);
        }
    }

    /// <summary>Parses one template; returns null and fills <paramref name="errors"/> when it has any.</summary>
    public static EmailTemplate? Parse(string name, string file, string htmlSource, (string File, string Source)? text, List<TemplateError> errors, Func<string, bool>? assetExists = null)
    {
        if (assetExists is not null)
        {
            CheckAssets(file, htmlSource, assetExists, errors);
            if (text is { } textPart)
                CheckAssets(textPart.File, textPart.Source, assetExists, errors);
        }
        var (headers, body, bodyLine) = SplitFrontMatter(htmlSource, file, errors);
        if (!headers.TryGetValue("subject", out var subjectHeader))
            errors.Add(new TemplateError(file, 1, 1, "front matter must give a 'subject:' line between '---' fences."));

        var subject = ParsePart(subjectHeader.Text ?? "", file, subjectHeader.Line, subjectHeader.Column, errors);
        var preheader = headers.TryGetValue("preheader", out var p) ? ParsePart(p.Text, file, p.Line, p.Column, errors) : null;
        var html = ParsePart(body, file, bodyLine, 0, errors);
        var textTemplate = text is { } t ? ParsePart(t.Source, t.File, 1, 0, errors) : null;

        return errors.Count > 0 ? null : new EmailTemplate(name, file, subject, html, textTemplate) { Preheader = preheader };
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

    private static void CheckAssets(string file, string source, Func<string, bool> assetExists, List<TemplateError> errors)
    {
        foreach (Match call in AssetCall().Matches(source))
        {
            var asset = call.Groups["name"].Value;
            if (assetExists(asset))
                continue;
            var line = 1 + source.AsSpan(0, call.Index).Count('\n');
            var column = call.Index - source.LastIndexOf('\n', Math.Max(0, call.Index - 1));
            errors.Add(new TemplateError(file, line, column, $"asset '{asset}' does not exist in assets/."));
        }
    }

    [GeneratedRegex("""asset_url\s+['"](?<name>[^'"]+)['"]""")]
    private static partial Regex AssetCall();

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

    private static string Relative(string directory, string path) =>
        Path.Combine(Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)), Path.GetRelativePath(directory, path));
}
