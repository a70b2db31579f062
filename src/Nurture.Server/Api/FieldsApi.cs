using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Leads.Fields;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;

namespace Nurture.Server.Api;

/// <summary>The custom lead fields: read, and replace (validated whole; stored for every node, workflows/fields.json stays the seed).</summary>
public static class FieldsApi
{
    public static IEndpointRouteBuilder MapFieldsApi(this IEndpointRouteBuilder api)
    {
        var fields = api.MapGroup("fields").WithTags("Leads").RequireScope(ApiScopes.ContentWrite);
        // The fields as their file holds them (workflows/fields.json), described by their model.
        fields.MapGet("", (CustomFieldsProvider provider) => TypedResults.Text(provider.Current.ToJson(), "application/json"))
            .Produces<CustomFieldSet>(StatusCodes.Status200OK, "application/json")
            .RequireScope(ApiScopes.ContentWrite, ApiScopes.LeadsRead, ApiScopes.LeadsWrite); // an integration writing leads needs the custom fields
        fields.MapPut("", SaveAsync).DescribesBody<CustomFieldSet>();
        return api;
    }

    private static async Task<Results<Ok<CustomFieldSet>, Unprocessable<object>>> SaveAsync(
        HttpRequest request, SharedDocuments documents, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(cancellationToken);
        CustomFieldSet fields;
        try
        {
            fields = CustomFieldSet.Parse(json, "fields");
        }
        catch (FormatException e)
        {
            return Unprocessable.Of<object>(new { title = "The fields are invalid and were not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        await documents.SaveFieldsAsync(fields, SharedDocuments.SourceOf(user), cancellationToken);
        return TypedResults.Ok(fields);
    }
}
