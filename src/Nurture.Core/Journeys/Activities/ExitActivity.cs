using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Activities;

public sealed class ExitActivity : IActivity
{
    public string Type => "Exit";
    public string Description => "End the journey for this lead.";
    public IReadOnlyList<string> Outcomes { get; } = [];
    public IReadOnlyList<ActivityProperty> Properties { get; } = [];

    public IEnumerable<JourneyError> Validate(ActivityNode node, JourneyValidationContext context) => [];

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ActivityResult.End());
}
