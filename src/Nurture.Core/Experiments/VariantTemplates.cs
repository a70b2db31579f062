using System.Collections.Concurrent;
using Nurture.Core.Messaging;
using Scriban;

namespace Nurture.Core.Experiments;

/// <summary>The variant of an experiment a lead gets, with the experiment's key (journey/step).</summary>
public sealed record VariantChoice(string ExperimentKey, EmailVariant Variant);

/// <summary>
/// A template with a variant's subject or preheader in place of its own. Each line is parsed once (the journey's
/// validation already refused one that does not parse).
/// </summary>
public sealed class VariantTemplates
{
    private readonly ConcurrentDictionary<string, Template> _lines = new(StringComparer.Ordinal);

    public EmailTemplate Apply(EmailTemplate template, EmailVariant variant)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.Subject is { } subject)
            template = template with { Subject = Line(subject, variant) };
        if (variant.Preheader is { } preheader)
            template = template with { Preheader = Line(preheader, variant) };
        return template;
    }

    private Template Line(string source, EmailVariant variant) => _lines.GetOrAdd(source, text =>
    {
        var errors = new List<TemplateError>();
        return TemplateStore.ParseLine(text, $"variant {variant.Name}", errors)
            ?? throw new InvalidOperationException($"variant '{variant.Name}': {string.Join("; ", errors)}");
    });
}
