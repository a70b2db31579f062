using Nurture.Core.Leads;

namespace Nurture.Core.Forms;

/// <summary>
/// Progressive profiling: for a known visitor, each field its lead already has is replaced by the next field
/// of the form's <see cref="FormDefinition.Progressive"/> list it does not have, so every form asks something
/// new and stays as short. The email is always asked: it is how the submission finds its lead.
/// </summary>
public static class ProgressiveProfile
{
    public static IReadOnlyList<FormField> FieldsFor(FormDefinition form, Lead? lead)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (lead is null)
            return form.Fields;
        var next = new Queue<FormField>(form.Progressive.Where(f => !IsKnown(lead, f.Name)));
        var asked = new List<FormField>();
        foreach (var field in form.Fields)
        {
            if (field.Name == "email" || !IsKnown(lead, field.Name))
                asked.Add(field);
            else if (next.TryDequeue(out var replacement))
                asked.Add(replacement);
        }
        return asked;
    }

    public static bool IsKnown(Lead lead, string field)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return field switch
        {
            "email" => true,
            "firstName" => lead.FirstName is not null,
            "lastName" => lead.LastName is not null,
            "company" => lead.Company is not null,
            "jobTitle" => lead.JobTitle is not null,
            "phone" => lead.Phone is not null,
            "country" => lead.Country is not null,
            "industry" => lead.Industry is not null,
            "companySize" => lead.CompanySize is not null,
            "annualRevenue" => lead.AnnualRevenue is not null,
            "timeZone" => lead.TimeZoneSource == Leads.Geography.TimeZoneSource.Explicit,
            _ => lead.Fields.ContainsKey(field),
        };
    }
}
