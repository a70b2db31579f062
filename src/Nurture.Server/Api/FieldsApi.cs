using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Configuration;
using Nurture.Core.Leads.Fields;
using Nurture.Server.Startup;

namespace Nurture.Server.Api;

/// <summary>The custom lead fields: read, and replace (validated whole; the file in workflows/ is rewritten).</summary>
public static class FieldsApi
{
    public static IEndpointRouteBuilder MapFieldsApi(this IEndpointRouteBuilder api)
    {
        var fields = api.MapGroup("fields").WithTags("Leads");
        // The fields as their file holds them (workflows/fields.json), described by their model.
        fields.MapGet("", (CustomFieldsProvider provider) => TypedResults.Text(provider.Current.ToJson(), "application/json"))
            .Produces<CustomFieldSet>(StatusCodes.Status200OK, "application/json");
        fields.MapPut("", SaveAsync).DescribesBody<CustomFieldSet>();
        return api;
    }

    private static async Task<Results<Ok<CustomFieldSet>, UnprocessableEntity<object>>> SaveAsync(
        HttpRequest request, CustomFieldsProvider provider, NurturePaths paths, CancellationToken cancellationToken)
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
            return TypedResults.UnprocessableEntity<object>(new { title = "The fields are invalid and were not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        Directory.CreateDirectory(paths.Workflows);
        await AtomicFile.WriteAllTextAsync(paths.Fields, fields.ToJson(), cancellationToken);
        provider.Use(fields);
        return TypedResults.Ok(fields);
    }
}
