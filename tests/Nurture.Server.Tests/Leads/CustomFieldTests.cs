using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Leads;

/// <summary>
/// Fields a marketer defines: validated on the way in (API, CSV) with errors naming the field, stored per
/// lead, and usable in conditions, templates and the leads list's filters.
/// </summary>
public sealed class CustomFieldTests
{
    private const string Fields = """
        { "fields": [
            { "name": "productInterest", "label": "Product interest", "type": "choice", "options": ["crm", "email", "analytics"] },
            { "name": "renewalDate", "label": "Renewal date", "type": "date" },
            { "name": "seats", "type": "number" },
            { "name": "trialUser", "type": "boolean" } ] }
        """;

    private const string Branching = """
        { "id": "crm-interest", "name": "CRM interest", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "wants-crm", "type": "Condition", "properties": { "condition": { "field": "fields.productInterest", "operator": "equals", "value": "crm" } } },
            { "id": "tag", "type": "AddTag", "properties": { "tag": "crm" } } ],
          "connections": [ { "from": "wants-crm", "outcome": "True", "to": "tag" } ] }
        """;

    private static async Task DefineAsync(NurtureTestHost host)
    {
        var saved = await host.Client.PutAsync("/api/fields", new StringContent(Fields));
        saved.EnsureSuccessStatusCode();
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Defined_fields_are_validated_stored_and_used_by_conditions_templates_and_search(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Branching]);
        var host = stack.Host;

        // A bad definition is refused whole, each problem named.
        var bad = await host.Client.PutAsync("/api/fields", new StringContent("""{ "fields": [ { "name": "Plan", "type": "choice" }, { "name": "email" } ] }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var problems = await bad.Content.ReadAsStringAsync();
        Assert.Contains("fields[0].name: 'Plan' must be camelCase", problems, StringComparison.Ordinal);
        Assert.Contains("fields[0].options: a choice needs its options", problems, StringComparison.Ordinal);
        Assert.Contains("fields[1].name: 'email' is a built-in lead field", problems, StringComparison.Ordinal);
        await DefineAsync(host);
        Assert.Contains("renewalDate", await host.Client.GetStringAsync("/api/fields"), StringComparison.Ordinal);

        // Bad values name their field; nothing is written.
        var refused = await host.Client.PostAsJsonAsync("/api/leads", new
        {
            email = "ada@acme.example",
            fields = new { renewalDate = "2027-13-01", productInterest = "fax", seats = "many", nope = "x" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("'2027-13-01' is not a date as YYYY-MM-DD", errors.GetProperty("fields.renewalDate")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("one of crm, email, analytics", errors.GetProperty("fields.productInterest")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'many' is not a number", errors.GetProperty("fields.seats")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("'nope' is not a custom field", errors.GetProperty("fields.nope")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await host.Client.GetFromJsonAsync<JsonElement>("/api/leads")).GetProperty("total").GetInt32());

        var id = await host.CreateLeadAsync(new
        {
            email = "ada@acme.example", firstName = "Ada",
            fields = new { renewalDate = "2027-03-01", productInterest = "CRM", seats = "12.50", trialUser = true },
        });
        var other = await host.CreateLeadAsync(new { email = "alan@acme.example", fields = new { productInterest = "email" } });

        // Stored in one form per type, shown on the lead.
        var fields = (await host.GetLeadAsync(id)).GetProperty("fields");
        Assert.Equal(("2027-03-01", "crm", "12.5", "true"), (fields.GetProperty("renewalDate").GetString(), fields.GetProperty("productInterest").GetString(),
            fields.GetProperty("seats").GetString(), fields.GetProperty("trialUser").GetString()));

        // A condition on the field steered the journey.
        Assert.Equal(["crm"], (await host.LeadAsync(id)).Tags);
        Assert.Empty((await host.LeadAsync(other)).Tags);

        // Templates read it as lead.fields.renewal_date.
        var preview = await host.Client.PostAsJsonAsync("/api/templates/welcome/preview", new
        {
            leadId = id,
            html = "---\nsubject: Renewal on {{ lead.fields.renewal_date }}\n---\n<p>{{ lead.fields.product_interest }} for {{ lead.fields.seats }} seats</p>",
        });
        preview.EnsureSuccessStatusCode();
        var rendered = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Renewal on 2027-03-01", rendered.GetProperty("subject").GetString());
        Assert.Contains("crm for 12.5 seats", rendered.GetProperty("html").GetString(), StringComparison.Ordinal);

        // The leads list filters on it, in any spelling the field accepts.
        var found = await host.Client.GetFromJsonAsync<JsonElement>("/api/leads?field=productInterest&value=CRM");
        Assert.Equal(["ada@acme.example"], found.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("email").GetString()));
        Assert.Equal(1, (await host.Client.GetFromJsonAsync<JsonElement>("/api/leads?field=renewalDate&value=2027-03-01")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/leads?field=nope&value=1")).StatusCode);

        // A null clears a field.
        await host.CreateLeadAsync(new { email = "ada@acme.example", fields = new Dictionary<string, object?> { ["seats"] = null } });
        Assert.False((await host.GetLeadAsync(id)).GetProperty("fields").TryGetProperty("seats", out _));
    }

    [Fact]
    public async Task A_csv_column_maps_to_a_custom_field_and_a_bad_value_is_reported_by_line_and_field()
    {
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false);
        var host = stack.Host;
        await DefineAsync(host);
        const string Csv = "Email;Renewal\nada@acme.example;2027-03-01\ngrace@navy.example;next spring\n";

        var preview = await (await host.Client.PostAsJsonAsync("/api/leads/import/preview", new { csv = Csv })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("fields.renewalDate", preview.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var started = await host.Client.PostAsJsonAsync("/api/leads/import", new { csv = Csv, mapping = new Dictionary<string, string> { ["Email"] = "email", ["Renewal"] = "fields.renewalDate" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var importId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        JsonElement progress = default;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            progress = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/import/{importId}");
            return progress.GetProperty("finished").GetBoolean();
        }, "the import finishes");

        Assert.Equal((1, 1), (progress.GetProperty("created").GetInt32(), progress.GetProperty("failed").GetInt32()));
        var error = Assert.Single(progress.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "fields.renewalDate"), (error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("'next spring' is not a date", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var found = await host.Client.GetFromJsonAsync<JsonElement>("/api/leads?field=renewalDate&value=2027-03-01");
        Assert.Equal(1, found.GetProperty("total").GetInt32());
    }
}
