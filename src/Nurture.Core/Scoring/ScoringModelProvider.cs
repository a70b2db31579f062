using Nurture.Core.Signals;

namespace Nurture.Core.Scoring;

/// <summary>Holds the active scoring model; loaded at start, replaceable when a new version is applied.</summary>
public sealed class ScoringModelProvider : IHandRaisers
{
    private volatile ScoringModel _current = ScoringModel.Default;

    public ScoringModel Current => _current;

    public void Use(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _current = model;
    }

    public bool IsHandRaiser(Signal signal) => _current.IsHandRaiser(signal);
}
