namespace Nurture.Core.Journeys.Import;

/// <summary>What an Elsa import did with each activity, and what needs a person's attention.</summary>
public sealed record ElsaImportReport
{
    public List<ImportedActivity> Mapped { get; } = [];
    public List<ImportedActivity> Unmapped { get; } = [];
    public List<string> Notes { get; } = [];
}

/// <param name="ElsaId">The activity's id in the Elsa definition.</param>
/// <param name="ElsaType">Its Elsa type, e.g. Elsa.Delay.</param>
/// <param name="Type">Our activity type, or Opaque.</param>
/// <param name="Note">What was not carried over, if anything.</param>
public sealed record ImportedActivity(string ElsaId, string ElsaType, string Type, string? Note = null);
