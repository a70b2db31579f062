namespace Nurture.Core.Leads;

/// <summary>No lead has the email or id a request named.</summary>
public sealed class LeadNotFoundException(string reference) : Exception($"No lead matches {reference}.")
{
    public string Reference { get; } = reference;
}
