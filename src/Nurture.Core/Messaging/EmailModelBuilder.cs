using System.Net;
using Nurture.Core.Content;
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
    /// <summary>The content library: what <c>assets</c> lists and <c>asset_url</c> accepts.</summary>
    public IReadOnlyList<LibraryAsset> Library { get; init; } = [];
    public IReadOnlySet<string> Downloaded { get; init; } = new HashSet<string>();

    /// <summary>The next best content for the lead, best first (<c>recommended_assets</c>).</summary>
    public IReadOnlyList<Recommendation> Recommended { get; init; } = [];
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
        var assets = new ScriptArray(context.Library.Select(a => AssetObject(a, context, htmlEncode)));
        var recommended = new ScriptArray(context.Recommended.Select(r => RecommendationObject(r, context, htmlEncode)));

        var model = new ScriptObject
        {
            ["lead"] = LeadObject(lead, htmlEncode),
            ["company"] = new ScriptObject { ["name"] = E(lead.Company) },
            ["scores"] = new ScriptObject { ["engagement"] = lead.EngagementScore, ["mql_threshold"] = context.MqlThreshold },
            ["stage"] = lead.Stage.ToString(),
            ["journey"] = new ScriptObject { ["id"] = E(context.JourneyId), ["name"] = E(context.JourneyName), ["step"] = E(context.Step) },
            ["assets"] = assets,
            ["downloaded"] = new ScriptArray(context.Downloaded.Order(StringComparer.Ordinal).Select(E)),
            ["recommended_assets"] = recommended,
            ["recommended_asset"] = recommended.Count > 0 ? recommended[0] : null,
            ["unsubscribe_url"] = context.Links.Unsubscribe,
            ["preferences_url"] = context.Links.Unsubscribe,
        };
        model.Import("asset_url", new Func<string, string>(name => context.Library.FirstOrDefault(a => a.Name == name) is { } asset
            ? UrlOf(asset, context)
            : throw new ArgumentException($"asset '{name}' does not exist in assets/")));
        return model;
    }

    /// <summary>
    /// A file is a tracked download; a page is its address (escaped, so that it cannot break out of an
    /// attribute), which the link tracker turns into a tracked click.
    /// </summary>
    private static string UrlOf(LibraryAsset asset, EmailContext context) =>
        asset.HasFile ? context.Links.Asset(asset.Name) : new Uri(asset.Metadata.Url!).AbsoluteUri;

    private static ScriptObject RecommendationObject(Recommendation recommendation, EmailContext context, bool htmlEncode)
    {
        var asset = AssetObject(recommendation.Asset, context, htmlEncode);
        asset["reason"] = htmlEncode ? WebUtility.HtmlEncode(recommendation.Reason) : recommendation.Reason;
        return asset;
    }

    private static ScriptObject AssetObject(LibraryAsset asset, EmailContext context, bool htmlEncode)
    {
        string E(string? value) => htmlEncode ? WebUtility.HtmlEncode(value ?? "") : value ?? "";
        var meta = asset.Metadata;
        return new ScriptObject
        {
            ["name"] = E(asset.Name),
            ["title"] = E(asset.Title),
            ["url"] = htmlEncode ? WebUtility.HtmlEncode(UrlOf(asset, context)) : UrlOf(asset, context),
            ["format"] = meta.Format is { } format ? NextBestContent.FormatName(format, 1) : "",
            ["stage"] = meta.Stage is { } stage ? BuyerStages.Name(stage) : "",
            ["topics"] = new ScriptArray(meta.Topics.Select(E)),
            ["summary"] = E(meta.Summary),
            ["downloaded"] = context.Downloaded.Contains(asset.Name),
        };
    }
}
