using System.Net;
using Nurture.Core.Leads;
using Scriban.Runtime;

namespace Nurture.Core.Messaging;

/// <summary>
/// Builds the model a template sees from lead data: plain script objects only, values HTML-encoded for
/// the HTML body and raw for subjects and text bodies.
/// </summary>
public static class EmailModelBuilder
{
    public static ScriptObject LeadObject(Lead lead, bool htmlEncode)
    {
        string? E(string? value) => htmlEncode && value is not null ? WebUtility.HtmlEncode(value) : value;
        return new ScriptObject
        {
            ["first_name"] = E(lead.FirstName) ?? "",
            ["last_name"] = E(lead.LastName) ?? "",
            ["name"] = E(lead.DisplayName),
            ["email"] = E(lead.Email),
            ["company"] = E(lead.Company) ?? "",
            ["job_title"] = E(lead.JobTitle) ?? "",
            ["country"] = E(lead.Country) ?? "",
            ["stage"] = lead.Stage.ToString(),
            ["score"] = lead.EngagementScore,
        };
    }
}
