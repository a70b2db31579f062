namespace Nurture.Core.Journeys.Activities;

/// <summary>The activity catalog; the designer's toolbox is built from it through the descriptor endpoint.</summary>
public sealed class ActivityRegistry(IEnumerable<IActivity> activities)
{
    private readonly Dictionary<string, IActivity> _byType = activities.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public IEnumerable<IActivity> All => _byType.Values.OrderBy(a => a.Type, StringComparer.Ordinal);

    public IActivity? Find(string type) => _byType.GetValueOrDefault(type);
}
