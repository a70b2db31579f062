using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// An imported step with no counterpart here (an Elsa activity we cannot map). It keeps the original
/// JSON so nothing is lost; a journey holding one can be saved as a draft but never published.
/// </summary>
public sealed class OpaqueActivity : IActivity
{
    public const string TypeName = "Opaque";

    public string Type => TypeName;
    public string Description => "An imported step with no counterpart; replace it before publishing.";
    public IReadOnlyList<string> Outcomes { get; } = [];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("sourceType", "string", Required: true, "The original activity type, e.g. Elsa.WriteLine."),
        new("ports", "string[]", Required: false, "The original outcome ports, kept so connections survive."),
        new("original", "json", Required: true, "The original activity JSON."),
    ];

    public IReadOnlyList<string> OutcomesOf(ActivityNode node) => node.GetStrings("ports");

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        yield return new JourneyError(context.File, $"'{node.GetString("sourceType")}' was imported without a counterpart; replace this step before publishing.") { ActivityId = node.Id, Property = "type" };
    }

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Opaque step '{context.Node.Id}' cannot run; it should never have been published.");
}
