using Json.Schema;

namespace Nurture.Cli.Tests;

public sealed class CommandsTests : IDisposable
{
    private static readonly string Root = Repository.Root;
    private readonly string _temp = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nurture-cli-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public void Validate_passes_on_the_shipped_journeys_and_templates()
    {
        var (code, text) = Run(c => c.Validate(Root, []));

        Assert.Equal(0, code);
        Assert.Contains("0 errors", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_each_error_with_its_file_position_activity_and_property()
    {
        var home = CopyHome();
        File.WriteAllText(Path.Combine(home, "workflows", "broken.json"), "{\n  \"id\": \"broken\"\n  \"name\": \"x\"\n}");
        File.WriteAllText(Path.Combine(home, "workflows", "bad-step.json"), """
            { "id": "bad-step", "name": "Bad step", "activities": [ { "id": "wait", "type": "Delay", "properties": { "duration": "soon" } } ] }
            """);

        var (code, text) = Run(c => c.Validate(home, []));

        Assert.Equal(1, code);
        Assert.Contains("workflows/broken.json:3:3: malformed journey JSON", text, StringComparison.Ordinal);
        Assert.Contains("workflows/bad-step.json, activity 'wait', property 'duration': 'soon' is not a positive ISO 8601 duration", text, StringComparison.Ordinal);
        Assert.Contains("2 errors", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_a_broken_sidecar_with_its_file_and_field_and_a_page_without_its_address()
    {
        var home = CopyHome();
        File.WriteAllText(Path.Combine(home, "assets", "whitepaper-lead-nurturing.pdf.meta.json"), """{ "format": "ebook", "topics": ["Lead Scoring"] }""");
        File.WriteAllText(Path.Combine(home, "assets", "new-post.meta.json"), """{ "format": "blog" }""");

        var (code, text) = Run(c => c.Validate(home, []));

        Assert.Equal(1, code);
        Assert.Contains("assets/whitepaper-lead-nurturing.pdf.meta.json: topics[0]: 'Lead Scoring' must be lower-case words", text, StringComparison.Ordinal);
        Assert.Contains("assets/new-post.meta.json: url: no file has this name, so this describes a page on the site and needs its url.", text, StringComparison.Ordinal);
        Assert.Contains("2 errors", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_elsa_writes_the_journey_and_reports_what_was_not_mapped()
    {
        var output = Path.Combine(_temp, "imported.json");
        var fixture = Path.Combine(Root, "tests", "Nurture.Server.Tests", "Fixtures", "elsa-3.1-onboarding.json");

        var (code, text) = Run(c => c.ImportElsa(fixture, output, Root));

        Assert.Equal(0, code);
        Assert.Contains("unmapped  log (Elsa.WriteLine)", text, StringComparison.Ordinal);
        Assert.Contains("mapped    wait (Elsa.Delay) → Delay", text, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"onboarding-flow\"", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_journeys_conform_to_the_published_json_schema_and_violations_are_caught()
    {
        var schema = JsonSchema.FromFile(Path.Combine(Root, "workflows", "schema", "journey.schema.json"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "workflows"), "*.json").Where(f => !Nurture.Core.Journeys.Runtime.JourneyCatalog.NotJourneys.Contains(Path.GetFileName(f))))
            Assert.True(schema.Evaluate(System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement).IsValid, $"{file} does not match the schema");

        var wrong = System.Text.Json.JsonDocument.Parse("""{ "id": "Not Valid", "name": "x", "activities": [ { "id": "a", "type": "Teleport" } ] }""");
        Assert.False(schema.Evaluate(wrong.RootElement).IsValid);
    }

    private static (int Code, string Text) Run(Func<Commands, int> command)
    {
        using var writer = new StringWriter();
        var code = command(new Commands(writer));
        return (code, writer.ToString());
    }

    private string CopyHome()
    {
        var home = Path.Combine(_temp, "home");
        foreach (var folder in new[] { "templates", "workflows", "assets" })
        {
            var source = Path.Combine(Root, folder);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(home, folder, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
        return home;
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
