using System.Text.Json;
using Nurture.Core.Experiments;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Messaging;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// Queues a templated marketing email in the outbox, in the same transaction as the journey step. With
/// <c>variants</c>, each lead gets one of them, stable, until the experiment's test declares a winner; then,
/// with <c>sendWinner</c>, every later lead gets the winner. The journal names the variant each lead got.
/// </summary>
public sealed class SendEmailActivity(MarketingEmailQueue emails) : IActivity
{
    public string Type => "SendEmail";
    public string Description => "Send a templated marketing email to the lead; with variants, an experiment.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
    [
        new("template", "template", Required: true, "Name of a template in templates/ (without extension)."),
        new("variants", "variant[]", Required: false,
            "An experiment: [{ \"name\": \"A\" }, { \"name\": \"B\", \"subject\": \"…\", \"preheader\": \"…\", \"template\": \"…\", \"weight\": 50 }]; the first is the control."),
        new("experiment", "experiment", Required: false,
            "{ \"metric\": \"Click\" | \"Download\" | \"Mql\" | \"Goal\", \"days\": 7, \"alpha\": 0.05, \"tau\": 0.01, \"sendWinner\": true }"),
    ];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context)
    {
        foreach (var error in ValidateTemplate(node, context))
            yield return error;
        var (experiment, malformed) = ReadExperiment(node);
        if (malformed is not null)
            yield return new JourneyError(context.File, $"variants or experiment: {malformed}") { ActivityId = node.Id, Property = "variants" };
        if (experiment is null)
            yield break;
        foreach (var (property, message) in experiment.Problems())
            yield return new JourneyError(context.File, message) { ActivityId = node.Id, Property = property };
        foreach (var variant in experiment.Variants)
        {
            if (variant.Template is { } template && !context.TemplateExists(template))
                yield return new JourneyError(context.File, $"variant '{variant.Name}': template '{template}' does not exist or failed to load.") { ActivityId = node.Id, Property = "variants" };
            foreach (var (part, text) in new[] { ("subject", variant.Subject), ("preheader", variant.Preheader) })
            {
                var errors = new List<TemplateError>();
                if (text is not null && TemplateStore.ParseLine(text, $"variant {variant.Name} {part}", errors) is null)
                    yield return new JourneyError(context.File, $"variant '{variant.Name}': {string.Join("; ", errors)}") { ActivityId = node.Id, Property = "variants" };
            }
        }
    }

    /// <summary>The node's <c>template</c>: given, and loaded.</summary>
    public static IEnumerable<JourneyError> ValidateTemplate(ActivityNode node, JourneyValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        var template = node.GetString("template");
        if (string.IsNullOrWhiteSpace(template))
            yield return new JourneyError(context.File, "a template is required.") { ActivityId = node.Id, Property = "template" };
        else if (!context.TemplateExists(template))
            yield return new JourneyError(context.File, $"template '{template}' does not exist or failed to load.") { ActivityId = node.Id, Property = "template" };
    }

    /// <summary>The step's experiment, or what is malformed in it (a validator cannot yield inside a catch).</summary>
    private static (EmailExperiment? Experiment, string? Malformed) ReadExperiment(ActivityNode node)
    {
        try
        {
            return (ExperimentOf("journey", node), null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The step's experiment, or null when it has no variants.</summary>
    /// <exception cref="JsonException">The variants or the settings have the wrong shape.</exception>
    public static EmailExperiment? ExperimentOf(string journeyId, ActivityNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var variants = node.Get<List<EmailVariant>>("variants");
        return variants is null ? null : new EmailExperiment(journeyId, node.Id, variants, node.Get<ExperimentSettings>("experiment") ?? new ExperimentSettings());
    }

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        // An unsubscribed or bounced lead is skipped, not stalled: the journey goes on without the email.
        if (!context.Lead.CanReceiveMarketing)
            return ActivityResult.Next(Activities.Outcomes.Done);
        var template = context.Node.GetString("template")!;
        if (ExperimentOf(context.Journey.Id, context.Node) is not { } experiment)
        {
            await emails.EnqueueAsync(context, template, cancellationToken);
            return ActivityResult.Next(Activities.Outcomes.Done);
        }
        var winner = experiment.Settings.SendWinner ? await ExperimentWinners.FindAsync(context.Db, experiment.Key, cancellationToken) : null;
        var variant = winner is not null && experiment.Variants.FirstOrDefault(v => v.Name == winner.Variant) is { } won ? won : experiment.Assign(context.Lead.Id);
        await emails.EnqueueAsync(context, template, cancellationToken, new VariantChoice(experiment.Key, variant));
        return ActivityResult.Next(Activities.Outcomes.Done, winner?.Variant == variant.Name ? $"variant {variant.Name} (winner)" : $"variant {variant.Name}");
    }
}
