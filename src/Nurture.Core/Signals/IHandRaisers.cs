namespace Nurture.Core.Signals;

/// <summary>
/// Whether a signal raises the lead's hand (a demo request, a pricing call): the scoring model knows, the
/// queue asks, so that signals need not know the model.
/// </summary>
public interface IHandRaisers
{
    bool IsHandRaiser(Signal signal);
}
