using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nurture.Server.Api;
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

    [Fact]
    public async Task Every_change_that_takes_a_body_describes_it()
    {
        // These act on the route alone: the session, a journey's draft, an alert, a dead letter.
        string[] bodiless = ["POST /api/account/logout", "POST /api/journeys/{id}/publish", "POST /api/journeys/{id}/export", "POST /api/delivery/alerts/{id}/resolve",
            "POST /api/signals/{id}/retry"];
        await using var stack = await TestStack.StartAsync(smtp: false);
        var document = JsonDocument.Parse(await stack.Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        var undescribed = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(o => o.Name is "post" or "put" && !o.Value.TryGetProperty("requestBody", out _))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToList();

        Assert.Equal(bodiless.Order(StringComparer.Ordinal), undescribed.Order(StringComparer.Ordinal));
        // Read as text (so errors name a line), yet described: the journey a draft takes.
        var draft = document.GetProperty("paths").GetProperty("/api/journeys/{id}/draft").GetProperty("put").GetProperty("requestBody");
        Assert.True(Describes(draft.GetProperty("content").GetProperty("application/json").GetProperty("schema"), document.GetProperty("components").GetProperty("schemas")));
    }

    [Fact]
    public void Two_types_under_one_schema_name_stop_the_document()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var names = new SchemaNames();

        Assert.Equal("Page", names.Unique(json.GetTypeInfo(typeof(Catalog.Page))));
        Assert.Equal("Page", names.Unique(json.GetTypeInfo(typeof(Catalog.Page)))); // the same type again
        var clash = Assert.Throws<InvalidOperationException>(() => names.Unique(json.GetTypeInfo(typeof(Search.Page))));
        Assert.Contains("Catalog+Page", clash.Message);
        Assert.Contains("Search+Page", clash.Message);
        // An enum and its nullable form are one schema.
        Assert.Equal(names.Unique(json.GetTypeInfo(typeof(Search.Kind))), names.Unique(json.GetTypeInfo(typeof(Search.Kind?))));
    }

    private static class Catalog
    {
        public sealed record Page(string Path);
    }

    private static class Search
    {
        public sealed record Page(int Total);

        public enum Kind { Any }
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
