using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

/// <summary>
/// Sends the lead the next best piece of content it has not consumed, through a template that shows
/// <c>recommended_asset</c> (the pick, with its reason) and <c>recommended_assets</c>. When the library has
/// nothing left for the lead, no email goes and the journey takes <see cref="NothingLeft"/>.
/// </summary>
public sealed class SendBestContentActivity(MarketingEmailQueue emails) : IActivity
{
    public const string NothingLeft = "NothingLeft";

    public string Type => "SendBestContent";
    public string Description => "Send the next best content for the lead (its stage, what it read, what moved others on) through a template.";
    public IReadOnlyList<string> Outcomes { get; } = [Activities.Outcomes.Done, NothingLeft];

    public IReadOnlyList<ActivityProperty> Properties { get; } =
        [new("template", "template", Required: true, "A template showing recommended_asset (title, url, reason) and recommended_assets.")];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) =>
        SendEmailActivity.ValidateTemplate(node, context);

    public async Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!context.Lead.CanReceiveMarketing)
            return ActivityResult.Next(Activities.Outcomes.Done);
        return await emails.EnqueueBestContentAsync(context, context.Node.GetString("template")!, cancellationToken)
            ? ActivityResult.Next(Activities.Outcomes.Done)
            : ActivityResult.Next(NothingLeft);
    }
}
