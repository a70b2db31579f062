namespace Nurture.Core.Handoff.Routing;

/// <summary>The routing in force; loaded at start, replaced when a new one is saved.</summary>
public sealed class RoutingProvider
{
    private volatile RoutingModel _current = RoutingModel.Empty;

    public RoutingModel Current => _current;

    public void Use(RoutingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _current = model;
    }
}
