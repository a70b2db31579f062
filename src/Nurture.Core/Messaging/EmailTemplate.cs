using Scriban;

namespace Nurture.Core.Messaging;

/// <summary>A parsed email template: Scriban for the subject, preheader, HTML body and optional text body.</summary>
public sealed record EmailTemplate(string Name, string File, Template Subject, Template Html, Template? Text)
{
    public Template? Preheader { get; init; }

    /// <summary>Name of a layout in templates/layouts/ that wraps the body (as <c>content</c>).</summary>
    public string? Layout { get; init; }

    /// <summary>Preference-page topic; a lead who turned it off does not get this email.</summary>
    public string? Topic { get; init; }
}

/// <summary>A layout or partial: an HTML part and an optional plain-text part.</summary>
public sealed record TemplatePart(string Name, string File, string HtmlSource, Template Html, string? TextSource, Template? Text);

/// <summary>A template problem with its position, formatted file:line:col.</summary>
public sealed record TemplateError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
