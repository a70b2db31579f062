using System.Text.Json;
using Nurture.Core.Leads;
using Nurture.Core.Leads.Conditions;

namespace Nurture.Core.Tests.Leads.Conditions;

/// <summary>Conditions as designers write them, evaluated on a lead and checked for mistakes.</summary>
public sealed class LeadConditionTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static LeadCondition Parse(string json) => JsonSerializer.Deserialize<LeadCondition>(json, Json)!;

    private static Lead Lead()
    {
        var lead = new Lead { Email = "ada@example.com", Country = "GB", JobTitle = "Head of IT", EngagementScore = 42, Tags = ["Webinar"] };
        lead.SetField("plan", "pro");
        return lead;
    }

    [Theory]
    [InlineData("""{ "field": "country", "operator": "in", "value": ["UK", "IE"] }""", true)] // names of countries mean their codes
    [InlineData("""{ "field": "country", "operator": "equals", "value": "France" }""", false)]
    [InlineData("""{ "field": "score", "operator": "gte", "value": 42 }""", true)]
    [InlineData("""{ "field": "score", "operator": "gt", "value": 42 }""", false)]
    [InlineData("""{ "field": "tags", "operator": "contains", "value": "webinar" }""", true)] // tags ignore case
    [InlineData("""{ "field": "company", "operator": "notEquals", "value": "Acme" }""", true)] // no company is not Acme
    [InlineData("""{ "field": "company", "operator": "equals", "value": "Acme" }""", false)]
    [InlineData("""{ "field": "company", "operator": "notExists" }""", true)]
    [InlineData("""{ "field": "fields.plan", "operator": "equals", "value": "PRO" }""", true)]
    [InlineData("""{ "field": "email", "operator": "endsWith", "value": "@example.com" }""", true)]
    [InlineData("""{ "all": [ { "field": "country", "operator": "equals", "value": "GB" }, { "field": "score", "operator": "lt", "value": 10 } ] }""", false)]
    [InlineData("""{ "any": [ { "field": "country", "operator": "equals", "value": "GB" }, { "field": "score", "operator": "lt", "value": 10 } ] }""", true)]
    [InlineData("""{ "not": { "field": "stage", "operator": "equals", "value": "Lead" } }""", false)]
    public void A_condition_matches_the_lead_as_written(string json, bool matches) =>
        Assert.Equal(matches, Parse(json).Evaluate(Lead()));

    [Theory]
    [InlineData("""{ "field": "colour", "operator": "equals", "value": "red" }""", "condition.field: unknown field 'colour'")]
    [InlineData("""{ "field": "country", "operator": "in", "value": "UK" }""", "condition.value: operator 'in' needs an array.")]
    [InlineData("""{ "field": "score", "operator": "gte", "value": "high" }""", "condition.value: operator 'gte' needs a number.")]
    [InlineData("""{ "all": [ { "field": "stage", "operator": "equals", "value": "Qualified" } ] }""", "condition.all[0].value:")]
    [InlineData("""{ "field": "country", "operator": "is" , "value": "UK" }""", "condition.operator: unknown operator 'is'")]
    [InlineData("""{ "field": "country", "any": [] }""", "condition: give exactly one of 'all', 'any', 'not' or 'field'.")]
    public void A_mistake_is_named_with_its_path(string json, string problem) =>
        Assert.Contains(Parse(json).Problems(), p => p.StartsWith(problem, StringComparison.Ordinal));

    [Fact]
    public void A_valid_condition_has_no_problem_and_reads_as_words()
    {
        var condition = Parse("""{ "all": [ { "field": "quality", "operator": "gte", "value": 70 }, { "not": { "field": "tags", "operator": "exists" } } ] }""");

        Assert.Empty(condition.Problems());
        Assert.Equal("(quality gte 70 and not tags exists)", condition.ToString());
    }
}
