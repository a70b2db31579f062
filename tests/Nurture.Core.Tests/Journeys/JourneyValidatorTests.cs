using Microsoft.Extensions.Logging.Abstractions;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Tests.Journeys;

public sealed class JourneyValidatorTests
{
    private static readonly JourneyValidator Validator = new(new ActivityRegistry(
        [new SendEmailActivity(null!), new DelayActivity(), new WaitForSignalActivity(), new ExitActivity(), new SetStageActivity(), new ConditionActivity()]));

    private static readonly JourneyValidationContext Context = new("workflows/test.json", name => name == "welcome");

    [Fact]
    public void Valid_journey_has_no_errors() =>
        Assert.Empty(Validate("""
            {
              "id": "ok", "name": "OK", "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "send", "type": "SendEmail", "properties": { "template": "welcome" } },
                { "id": "wait", "type": "WaitForSignal", "properties": { "signalTypes": ["click"], "timeout": "P12M" } },
                { "id": "end", "type": "Exit" }
              ],
              "connections": [
                { "from": "send", "to": "wait" },
                { "from": "wait", "outcome": "Received", "to": "end" }
              ]
            }
            """));

    [Theory]
    [InlineData("""{ "id": "send", "type": "Teleport" }""", "send", "type", "unknown activity type 'Teleport'")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "missing" } }""", "send", "template", "template 'missing' does not exist")]
    [InlineData("""{ "id": "send", "type": "SendEmail" }""", "send", "template", "a template is required")]
    [InlineData("""{ "id": "send", "type": "Delay", "properties": { "duration": "3 days" } }""", "send", "duration", "not a positive ISO 8601 duration")]
    [InlineData("""{ "id": "send", "type": "WaitForSignal", "properties": { "signalTypes": [] } }""", "send", "signalTypes", "at least one signal type")]
    [InlineData("""{ "id": "send", "type": "SetStage", "properties": { "stage": "3" } }""", "send", "stage", "'3' is not a stage; one of Subscriber, Lead, Mql")]
    [InlineData("""{ "id": "send", "type": "SetStage", "properties": { "stage": "Won" } }""", "send", "stage", "'Won' is not a stage")]
    [InlineData("""{ "id": "send", "type": "Condition", "properties": { "condition": { "field": "stage", "operator": "equals", "value": "2" } } }""", "send", "condition", "condition.value: '2' is not a stage")]
    [InlineData("""{ "id": "send", "type": "Condition", "properties": { "condition": { "field": "stage", "operator": "in", "value": ["Mql", "Sqll"] } } }""", "send", "condition", "condition.value: 'Sqll' is not a stage")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A" } ] } }""", "send", "variants", "2 to 10 variants")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A", "weight": 60 }, { "name": "B", "weight": 60 } ] } }""", "send", "variants", "adding up to 100")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A" }, { "name": "A" } ] } }""", "send", "variants", "unique")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A" }, { "name": "B", "subject": "Hi {{ if }}" } ] } }""", "send", "variants", "variant 'B': variant B subject:1:")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A" }, { "name": "B", "template": "missing" } ] } }""", "send", "variants", "variant 'B': template 'missing' does not exist")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": [ { "name": "A" }, { "name": "B" } ], "experiment": { "days": 0 } } }""", "send", "experiment", "days: between 1 and 90")]
    [InlineData("""{ "id": "send", "type": "SendEmail", "properties": { "template": "welcome", "variants": "B" } }""", "send", "variants", "variants or experiment:")]
    public void Activity_errors_name_the_activity_and_the_property(string activity, string activityId, string property, string message)
    {
        var error = Assert.Single(Validate($$"""{ "id": "bad", "name": "Bad", "activities": [ {{activity}} ] }"""));

        Assert.Equal("workflows/test.json", error.File);
        Assert.Equal(activityId, error.ActivityId);
        Assert.Equal(property, error.Property);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_port_dangling_connection_and_unreachable_activity_are_reported()
    {
        var errors = Validate("""
            {
              "id": "graph", "name": "Graph",
              "activities": [
                { "id": "a", "type": "Delay", "properties": { "duration": "P1D" } },
                { "id": "b", "type": "Exit" }
              ],
              "connections": [
                { "from": "a", "outcome": "Maybe", "to": "b" },
                { "from": "a", "to": "ghost" }
              ]
            }
            """);

        Assert.Contains(errors, e => e is { ActivityId: "a", Property: "connections[0].outcome" } && e.Message.Contains("no outcome port 'Maybe'"));
        Assert.Contains(errors, e => e is { ActivityId: "a", Property: "connections[1].to" } && e.Message.Contains("unknown activity 'ghost'"));
    }

    [Fact]
    public void Unreachable_activity_is_reported()
    {
        var errors = Validate("""
            {
              "id": "island", "name": "Island",
              "activities": [
                { "id": "a", "type": "Delay", "properties": { "duration": "P1D" } },
                { "id": "b", "type": "Exit" },
                { "id": "c", "type": "Delay", "properties": { "duration": "P1D" } },
                { "id": "d", "type": "Delay", "properties": { "duration": "P1D" } }
              ],
              "connections": [ { "from": "a", "to": "b" }, { "from": "c", "to": "d" }, { "from": "d", "to": "c" } ]
            }
            """);

        Assert.Contains(errors, e => e.Message.Contains("unreachable") && e.ActivityId == "c");
    }

    [Fact]
    public void Loop_without_a_wait_is_refused_but_a_loop_through_a_delay_is_fine()
    {
        const string template = """
            {
              "id": "loop", "name": "Loop",
              "activities": [
                { "id": "start", "type": "SendEmail", "properties": { "template": "welcome" } },
                { "id": "again", "type": "SendEmail", "properties": { "template": "welcome" } },
                { "id": "pause", "type": "Delay", "properties": { "duration": "P1D" } }
              ],
              "connections": [ CONNECTIONS ]
            }
            """;
        var busy = Validate(template.Replace("CONNECTIONS", """{ "from": "start", "to": "again" }, { "from": "again", "to": "start" }""", StringComparison.Ordinal));
        Assert.Contains(busy, e => e.Message.Contains("loop with no Delay or WaitForSignal"));

        var paced = Validate(template.Replace("CONNECTIONS", """{ "from": "start", "to": "again" }, { "from": "again", "to": "pause" }, { "from": "pause", "to": "again" }""", StringComparison.Ordinal));
        Assert.Empty(paced);
    }

    [Fact]
    public void Malformed_json_reports_line_and_column()
    {
        var error = Assert.Single(Assert.Throws<JourneyDefinitionException>(() => JourneyParser.Parse("{\n  \"id\": \"x\",\n  \"name\": ,\n}", "workflows/x.json")).Errors);

        Assert.Equal(3, error.Line);
        Assert.StartsWith("workflows/x.json:3:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_is_refused_by_name()
    {
        var error = Assert.Single(Assert.Throws<JourneyDefinitionException>(() => JourneyParser.Parse("""{ "id": "x", "name": "X", "activites": [] }""", "workflows/x.json")).Errors);

        Assert.Contains("activites", error.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<JourneyError> Validate(string json) =>
        Validator.Validate(JourneyParser.Parse(json, Context.File), Context);
}
