using Nurture.Core.Data;
using Nurture.Core.Tests.Architecture.Sample.Lower;

namespace Nurture.Core.Tests.Architecture;

/// <summary>Core's folders read one way: a folder uses only those before it in <see cref="Pipeline"/>.</summary>
public class PipelineTests
{
    private const string Root = "Nurture.Core";

    /// <summary>Bottom first. README's "How it is built" walks the same list.</summary>
    public static readonly IReadOnlyList<string> Pipeline =
    [
        // Foundation: measurements, options, accounts, the one DbContext (each folder declares its own tables),
        // the versioned documents every node shares.
        "Telemetry", "Configuration", "Accounts", "Data", "Documents",
        // What everything is about: the lead record, then signed links and assets.
        "Leads", "Links", "Content",
        // Intake's durable end: signal rows, the inbox and the queue.
        "Signals",
        // The lead's unit of work and its events, then what runs inside it.
        // Experiments sit between the email and the step that sends it: variants and the test that picks a winner.
        "Work", "Scoring", "Messaging", "Experiments", "Journeys",
        // Beside the journeys: consent and suppression; hits on emails, then on the company's site; bounces and complaints.
        "Compliance", "Tracking", "Website", "Feedback",
        // Out: the email and webhook workers, then the handoff to sales (which calls the CRM).
        "Delivery", "Webhooks", "Handoff",
        // The controller: signals, profile updates and merges through scoring, journeys and handoff.
        "Processing",
        // The website's forms: a submission is an upsert and a signal, through the controller.
        "Forms",
        // Beside it all, reading every table: erase and export, reports; the simulation, which drives the whole
        // engine on a scratch copy; then the registration.
        "Privacy", "Reports", "Simulation", "Hosting",
    ];

    [Fact]
    public void Every_folder_uses_only_the_folders_before_it()
    {
        var violations = PipelineRule.Violations(typeof(NurtureDbContext).Assembly, Root, Pipeline);

        Assert.True(violations.Count == 0, "Folders used against the pipeline's order:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_folder_has_its_place_in_the_pipeline()
    {
        var folders = PipelineRule.Folders(typeof(NurtureDbContext).Assembly, Root);

        Assert.Equal(folders.Order(StringComparer.Ordinal), Pipeline.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_rule_catches_a_folder_that_uses_one_after_it()
    {
        const string root = "Nurture.Core.Tests.Architecture.Sample";
        var assembly = typeof(UsesUpper).Assembly;

        var violation = Assert.Single(PipelineRule.Violations(assembly, root, ["Lower", "Upper"]));
        Assert.Contains(typeof(UsesUpper).FullName!, violation);
        Assert.Contains("uses Upper", violation);
        Assert.Empty(PipelineRule.Violations(assembly, root, ["Upper", "Lower"]));
    }
}
