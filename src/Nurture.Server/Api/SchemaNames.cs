using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Nurture.Server.Api;

/// <summary>
/// Names of the types in the OpenAPI document. The default names a type by its own name only, so two records
/// called <c>Page</c> in two APIs became one schema, and the web app's generated client typed the lead search
/// as the catalog's pages. Here a second type under a taken name stops the document instead.
/// </summary>
internal sealed class SchemaNames
{
    private readonly ConcurrentDictionary<string, Type> _taken = new(StringComparer.Ordinal);

    public string? Unique(JsonTypeInfo type)
    {
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        if (name is null)
            return null;
        // An enum and its nullable form are one schema, the nullable one allowing null where it is used.
        var named = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        var owner = _taken.GetOrAdd(name, named);
        if (owner != named)
            throw new InvalidOperationException(
                $"Two types would be the OpenAPI schema '{name}': {owner.FullName} and {named.FullName}. Rename one of them.");
        return name;
    }
}
