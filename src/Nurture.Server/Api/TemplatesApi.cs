using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;
using Nurture.Server.Limits;

namespace Nurture.Server.Api;

/// <summary>Templates: list, read, save (validated; nothing written on error), preview and test-send.</summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("templates").WithTags("Templates").RequireScope(ApiScopes.ContentWrite).LimitBody(BodyLimits.Templates);
        group.MapGet("", List);
        group.MapGet("{name}", Get);
        group.MapPut("{name}", SaveAsync);
        group.MapPost("{name}/preview", PreviewAsync);
        group.MapPost("{name}/test-send", TestSendAsync);
        return api;
    }

    public sealed record TemplateErrorBody(string File, int Line, int Column, string Message, string Text)
    {
        public static TemplateErrorBody From(TemplateError e) => new(e.File, e.Line, e.Column, e.Message, e.ToString());
    }

    public sealed record TemplateSource(string Html, string? Text);
    /// <param name="Html">An unsaved edit to render instead of the saved template (with <paramref name="Text"/>).</param>
    public sealed record TemplatePreviewRequest(Guid? LeadId, string? Html = null, string? Text = null);
    public sealed record TestSendRequest(string? To, Guid? LeadId);

    /// <summary>The templates, layouts and partials loaded, and the files that did not load with why.</summary>
    public sealed record TemplateList(
        IReadOnlyList<TemplateSummary> Templates, IReadOnlyList<string> Layouts, IReadOnlyList<string> Partials, IReadOnlyList<TemplateErrorBody> Errors);

    public sealed record TemplateSummary(string Name, string File, bool HasText, string? Layout, string? Topic);

    public sealed record TemplateSaved(string Name, bool Saved);

    private static Ok<TemplateList> List(TemplateStore templates) => TypedResults.Ok(new TemplateList(
        [.. templates.All.OrderBy(t => t.Name).Select(t => new TemplateSummary(t.Name, t.File, t.Text is not null, t.Layout, t.Topic))],
        [.. templates.Layouts.Keys.Order(StringComparer.Ordinal)],
        [.. templates.Partials.Keys.Order(StringComparer.Ordinal)],
        [.. templates.Errors.Select(TemplateErrorBody.From)]));

    private static Results<Ok<TemplateSource>, ProblemHttpResult> Get(string name, TemplateStore templates) =>
        templates.Source(name) is { } source
            ? TypedResults.Ok(new TemplateSource(source.Html, source.Text))
            : NotFound(name);

    private static async Task<Results<Ok<TemplateSaved>, Unprocessable<object>>> SaveAsync(
        string name, TemplateSource body, SharedDocuments documents, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = await documents.SaveTemplateAsync(name, body.Html ?? "", body.Text, SharedDocuments.SourceOf(user), cancellationToken);
        return errors.Count > 0
            ? Unprocessable.Of<object>(new { title = $"Template '{name}' has errors and was not saved", errors = errors.Select(TemplateErrorBody.From) })
            : TypedResults.Ok(new TemplateSaved(name, true));
    }

    /// <summary>Renders the saved template, or the edit in the body (validated, nothing written), for a lead or the sample.</summary>
    private static async Task<Results<Ok<RenderedEmail>, Unprocessable<object>, ProblemHttpResult>> PreviewAsync(
        string name, TemplatePreviewRequest? body, TemplateStore templates, TemplatePreviewService previews, CancellationToken cancellationToken)
    {
        EmailTemplate template;
        if (body?.Html is { } html)
        {
            if (templates.Check(name, html, body.Text, out var errors) is not { } edited)
                return Unprocessable.Of<object>(new { title = $"Template '{name}' has errors", errors = errors.Select(TemplateErrorBody.From) });
            template = edited;
        }
        else if (templates.Exists(name))
        {
            template = templates.Get(name);
        }
        else
        {
            return NotFound(name);
        }
        try
        {
            return TypedResults.Ok(await previews.RenderAsync(template, body?.LeadId, cancellationToken));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: e.Message);
        }
        catch (TemplateRenderException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template failed to render", detail: e.Message);
        }
    }

    /// <summary>A test send queued: its outbox id and the address it goes to.</summary>
    public sealed record TestSendQueued(Guid Id, string To);

    private static async Task<Results<Accepted<TestSendQueued>, ValidationProblem, ProblemHttpResult>> TestSendAsync(
        string name, TestSendRequest body, TemplateStore templates, TemplatePreviewService previews, CancellationToken cancellationToken)
    {
        if (!templates.Exists(name))
            return NotFound(name);
        if (!EmailAddresses.TryParseMailbox(body.To, out var to))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [$"'{body.To}' is not an email address."] });
        try
        {
            var id = await previews.TestSendAsync(name, to, body.LeadId, cancellationToken);
            return TypedResults.Accepted($"/api/emails/{id}", new TestSendQueued(id, to.Address));
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lead not found", detail: e.Message);
        }
        catch (TemplateRenderException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The template failed to render", detail: e.Message);
        }
    }

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Template not found", detail: $"No template is named '{name}'.");
}
