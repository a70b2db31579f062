namespace Nurture.Core.Signals;

/// <summary>Who produced a hit. Only <see cref="Human"/> signals score and resume journeys.</summary>
public enum SignalLabel
{
    Human,
    MachineOpen,
    Scanner,
    Proxy,
}
