using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Website;

/// <summary>Forms edited through the API: refused whole with the field named, refused when someone saved meanwhile, in force at once when valid.</summary>
public sealed class FormsApiTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_form_is_edited_with_errors_named_conflicts_refused_and_the_saved_version_served_at_once(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false, configure: WebsiteTests.WithSite());
        var client = stack.Host.Client;

        var list = await client.GetFromJsonAsync<JsonElement>("/api/forms");
        Assert.Equal(["demo-request", "lead-nurturing-guide"], list.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var source = await client.GetFromJsonAsync<JsonElement>("/api/forms/demo-request");
        var version = source.GetProperty("version").GetInt32();
        var json = source.GetProperty("json").GetString()!;
        Assert.Contains("\"Work email\"", json, StringComparison.Ordinal);

        var broken = json.Replace("\"label\": \"First name\"", "\"label\": \"\"", StringComparison.Ordinal);
        var refused = await client.PutAsync($"/api/forms/demo-request?expectedVersion={version}", Json(broken));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("forms/demo-request.json: fields[1].label: a label is required.",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()));

        var edited = json.Replace("Work email", "Business email", StringComparison.Ordinal);
        var saved = await client.PutAsync($"/api/forms/demo-request?expectedVersion={version}", Json(edited));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(version + 1, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Contains("Business email", await client.GetStringAsync("/f/demo-request"), StringComparison.Ordinal);

        // A second editor who started from the same version is told, and does not overwrite the first.
        var stale = await client.PutAsync($"/api/forms/demo-request?expectedVersion={version}", Json(json));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Business email", (await client.GetFromJsonAsync<JsonElement>("/api/forms/demo-request")).GetProperty("json").GetString(), StringComparison.Ordinal);

        var created = await client.PutAsync("/api/forms/webinar-signup?expectedVersion=0", Json(
            """{ "title": "Webinar", "fields": [ { "name": "email", "label": "Email", "type": "Email", "required": true } ] }"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/f/webinar-signup")).StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
