using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Documents;
using Nurture.Core.Forms;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;

namespace Nurture.Server.Api;

/// <summary>
/// The embeddable forms: list, read as their file holds them, save (validated whole, nothing written on error;
/// refused when someone saved meanwhile). Stored for every node; <c>forms/</c> stays the seed.
/// </summary>
public static class FormsApi
{
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder api)
    {
        var forms = api.MapGroup("forms").WithTags("Content").RequireScope(ApiScopes.ContentWrite);
        forms.MapGet("", ListAsync);
        forms.MapGet("{name}", GetAsync);
        forms.MapPut("{name}", SaveAsync).DescribesBody<FormDefinition>();
        return api;
    }

    public sealed record FormSummary(string Name, string Title, int Fields, int Version, string Source, DateTimeOffset SavedAt);

    /// <param name="Json">The form as its file holds it.</param>
    /// <param name="Version">What a save sends back as <c>expectedVersion</c>.</param>
    public sealed record FormSource(string Name, string Json, int Version, string Source, DateTimeOffset SavedAt);

    private static async Task<Ok<IReadOnlyList<FormSummary>>> ListAsync(FormCatalog forms, DocumentStore store, CancellationToken cancellationToken)
    {
        var stored = (await store.LatestAsync(DocumentKinds.Form, withContent: false, cancellationToken))
            .Where(d => !d.Removed).ToDictionary(d => Path.GetFileNameWithoutExtension(d.Name), StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<FormSummary>>([.. forms.All.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Where(f => stored.ContainsKey(f.Key))
            .Select(f => new FormSummary(f.Key, f.Value.Title, f.Value.Fields.Count, stored[f.Key].Version, stored[f.Key].Source, stored[f.Key].SavedAt))]);
    }

    private static async Task<Results<Ok<FormSource>, ProblemHttpResult>> GetAsync(string name, DocumentStore store, CancellationToken cancellationToken) =>
        await SourceAsync(name, store, cancellationToken) is { } source
            ? TypedResults.Ok(source)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Form not found", detail: $"No form is named '{name}'.");

    private static async Task<FormSource?> SourceAsync(string name, DocumentStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(DocumentKinds.Form, name + ".json", cancellationToken) is { Content: { } content } stored
            ? new FormSource(name, Encoding.UTF8.GetString(content), stored.Version, stored.Source, stored.SavedAt)
            : null;

    /// <param name="expectedVersion">The version the edit started from (0 for a new form); another one saved meanwhile refuses it with 409.</param>
    private static async Task<Results<Ok<FormSource>, ValidationProblem, Unprocessable<object>, ProblemHttpResult>> SaveAsync(
        string name, int? expectedVersion, HttpRequest request, SharedDocuments documents, DocumentStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!FormDefinition.IsValidName(name))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"'{name}' is not a form name: lower-case letters, digits and '-', at most 64."] });
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            FormDefinition.Parse(json, $"forms/{name}.json");
        }
        catch (FormatException e)
        {
            return Unprocessable.Of<object>(new { title = $"Form '{name}' has errors and was not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        try
        {
            await documents.SaveFormAsync(name, json, expectedVersion, SharedDocuments.SourceOf(user), cancellationToken);
        }
        catch (DocumentConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The form was saved meanwhile", detail: e.Message);
        }
        return TypedResults.Ok((await SourceAsync(name, store, cancellationToken))!);
    }
}
