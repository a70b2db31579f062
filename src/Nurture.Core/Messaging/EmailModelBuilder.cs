using System.Net;
using Nurture.Core.Leads;
using Scriban.Runtime;

namespace Nurture.Core.Messaging;

/// <summary>The links an email's model hands out: real signed ones when sending, inert ones in previews.</summary>
public sealed record ModelLinks(string Unsubscribe, Func<string, string> Asset);

/// <summary>Everything a marketing template may see, gathered before rendering.</summary>
public sealed record EmailContext(Lead Lead, ModelLinks Links)
{
    public string? JourneyId { get; init; }
    public string? JourneyName { get; init; }
    public string? Step { get; init; }
    public IReadOnlyList<string> Assets { get; init; } = [];
    public IReadOnlySet<string> Downloaded { get; init; } = new HashSet<string>();
    public int MqlThreshold { get; init; }
}

/// <summary>
/// Builds the model a template sees: plain script objects only (no .NET object is exposed), values
/// HTML-encoded for the HTML body and raw for subjects and text bodies.
/// </summary>
public static class EmailModelBuilder
{
    public static ScriptObject LeadObject(Lead lead, bool htmlEncode)
    {
        ArgumentNullException.ThrowIfNull(lead);
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
            ["tags"] = new ScriptArray(lead.Tags),
            ["fields"] = FieldsObject(lead, E),
        };
    }

    /// <summary>Custom fields under their template names (renewalDate → <c>lead.fields.renewal_date</c>), encoded like the rest.</summary>
    private static ScriptObject FieldsObject(Lead lead, Func<string?, string?> encode)
    {
        var fields = new ScriptObject();
        foreach (var (name, value) in lead.Fields)
            fields[Leads.Fields.CustomField.TemplateNameOf(name)] = encode(value);
        return fields;
    }

    public static ScriptObject Build(EmailContext context, bool htmlEncode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lead = context.Lead;
        string E(string? value) => htmlEncode ? WebUtility.HtmlEncode(value ?? "") : value ?? "";
        var assets = new ScriptArray();
        foreach (var asset in context.Assets)
            assets.Add(AssetObject(asset, context, htmlEncode));
        var recommended = context.Assets.FirstOrDefault(a => !context.Downloaded.Contains(a));

        var model = new ScriptObject
        {
            ["lead"] = LeadObject(lead, htmlEncode),
            ["company"] = new ScriptObject { ["name"] = E(lead.Company) },
            ["scores"] = new ScriptObject { ["engagement"] = lead.EngagementScore, ["mql_threshold"] = context.MqlThreshold },
            ["stage"] = lead.Stage.ToString(),
            ["journey"] = new ScriptObject { ["id"] = E(context.JourneyId), ["name"] = E(context.JourneyName), ["step"] = E(context.Step) },
            ["assets"] = assets,
            ["downloaded"] = new ScriptArray(context.Downloaded.Order(StringComparer.Ordinal).Select(E)),
            ["recommended_asset"] = recommended is null ? null : AssetObject(recommended, context, htmlEncode),
            ["unsubscribe_url"] = context.Links.Unsubscribe,
            ["preferences_url"] = context.Links.Unsubscribe,
        };
        model.Import("asset_url", new Func<string, string>(asset => context.Assets.Contains(asset)
            ? context.Links.Asset(asset)
            : throw new ArgumentException($"asset '{asset}' does not exist in assets/")));
        return model;
    }

    private static ScriptObject AssetObject(string asset, EmailContext context, bool htmlEncode) => new()
    {
        ["name"] = htmlEncode ? WebUtility.HtmlEncode(asset) : asset,
        ["title"] = htmlEncode ? WebUtility.HtmlEncode(Title(asset)) : Title(asset),
        ["url"] = context.Links.Asset(asset),
        ["downloaded"] = context.Downloaded.Contains(asset),
    };

    /// <summary>"whitepaper-lead-nurturing.pdf" → "Whitepaper lead nurturing".</summary>
    public static string Title(string asset)
    {
        var words = Path.GetFileNameWithoutExtension(asset).Replace('-', ' ').Replace('_', ' ');
        return words.Length == 0 ? asset : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
