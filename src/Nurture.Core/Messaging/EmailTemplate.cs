using Scriban;

namespace Nurture.Core.Messaging;

/// <summary>A parsed email template: Scriban for the subject, preheader, HTML body and optional text body.</summary>
public sealed record EmailTemplate(string Name, string File, Template Subject, Template Html, Template? Text)
{
    public Template? Preheader { get; init; }
}

/// <summary>A template problem with its position, formatted file:line:col.</summary>
public sealed record TemplateError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
