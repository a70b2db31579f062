using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Api;

/// <summary>
/// The OpenAPI document describes what each API route answers: a typed body for every success that has
/// one, so that a client generated from it (and a reader of it) knows every field.
/// </summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Every_success_with_a_body_has_a_schema_with_named_fields()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var document = JsonDocument.Parse(await stack.Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var untyped = new List<string>();
        var typed = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
                {
                    if (!response.Value.TryGetProperty("content", out var content))
                    {
                        // 202 and 204 carry no body; a 200 without one is a handler whose result type says nothing (IResult).
                        if (response.Name == "200")
                            untyped.Add($"{operation.Name.ToUpperInvariant()} {path.Name} 200 (no declared body)");
                        continue;
                    }
                    foreach (var media in content.EnumerateObject())
                    {
                        if (Describes(media.Value.GetProperty("schema"), schemas))
                            typed++;
                        else
                            untyped.Add($"{operation.Name.ToUpperInvariant()} {path.Name} {response.Name} {media.Name}");
                    }
                }
            }
        }

        Assert.True(untyped.Count == 0, "Successes without a typed body:\n" + string.Join("\n", untyped));
        Assert.True(typed > 40, $"only {typed} typed successes found: is the document complete?");
    }

    /// <summary>A schema with named properties, an array of such, or a reference to one; a bare "object" (or nothing) is not.</summary>
    private static bool Describes(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference))
            return Describes(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas);
        if (schema.TryGetProperty("properties", out var properties) && properties.EnumerateObject().Any())
            return true;
        if (schema.TryGetProperty("items", out var items))
            return Describes(items, schemas);
        if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
            return true; // a dictionary of a known type
        return schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is not "object";
    }
}
