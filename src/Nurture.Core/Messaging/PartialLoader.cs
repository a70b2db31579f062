using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Nurture.Core.Messaging;

/// <summary>
/// Serves <c>include 'name'</c> from the partials loaded at start (templates/partials/), never from disk
/// at render time: a template cannot reach any other file, whatever name it gives.
/// </summary>
public sealed class PartialLoader(IReadOnlyDictionary<string, TemplatePart> partials, bool html) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        partials.ContainsKey(templateName)
            ? templateName
            : throw new ScriptRuntimeException(callerSpan, $"partial '{templateName}' does not exist in templates/partials/.");

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        var part = partials[templatePath];
        return (html ? part.HtmlSource : part.TextSource)
            ?? throw new ScriptRuntimeException(callerSpan, $"partial '{templatePath}' has no plain-text version ({templatePath}.txt).");
    }

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}
