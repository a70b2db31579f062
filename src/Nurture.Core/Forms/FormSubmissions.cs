using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Content;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Links;
using Nurture.Core.Processing;
using Nurture.Core.Signals;
using Nurture.Core.Website;

namespace Nurture.Core.Forms;

/// <summary>
/// A form submission, end to end. Bots are turned away without third parties (a honeypot field, a minimum
/// fill time, a signed start token spent once, limits per IP and per form) and answered as if accepted, their
/// attempt kept as a machine hit. A person's submission upserts the lead (with its consent record, and double
/// opt-in when the form asks), records a <c>form</c> signal (which starts journeys through FormSubmitted and
/// scores), ties the visitor to the lead, and unlocks the form's asset as a tracked download link.
/// </summary>
public sealed class FormSubmissions(
    FormCatalog catalog,
    FormTokens tokens,
    SpentTokens spent,
    HitRateLimits limits,
    LeadService leads,
    SignalIntake inbox,
    VisitorIdentity identity,
    AssetStore assets,
    Leads.Fields.CustomFieldsProvider customFields,
    TrackingUrls urls,
    IDbContextFactory<NurtureDbContext> databases,
    IOptions<WebsiteOptions> options,
    TimeProvider time)
{
    public const string Source = "form";

    public async Task<FormOutcome> SubmitAsync(FormSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (catalog.Find(submission.Form) is not { } form)
            return new FormOutcome.NotFound();
        var now = time.GetUtcNow();
        var thanks = new FormOutcome.Accepted(form.ThankYou, form.Redirect, null, null);

        if (submission.Value(FormSubmission.Honeypot) is not null)
            return await BotAsync(submission, "filled the hidden honeypot field", thanks, cancellationToken);
        if (!limits.TryTake($"form-ip:{submission.Client.IpAddress}", options.Value.FormSubmissionsPerMinute))
            return await BotAsync(submission, $"over {options.Value.FormSubmissionsPerMinute} submissions a minute from one IP", thanks, cancellationToken);
        if (!limits.TryTake($"form:{submission.Form}", form.SubmissionsPerMinute))
            return await BotAsync(submission, $"over {form.SubmissionsPerMinute} submissions a minute of this form", thanks, cancellationToken);
        if (submission.Value(FormSubmission.Token) is not { } text)
            return await BotAsync(submission, "no form token (the form was never shown)", thanks, cancellationToken);
        if (tokens.Read(text, submission.Form) is not { } token)
            return new FormOutcome.Invalid(new Dictionary<string, string>(), "This form has expired. Please submit it again.", tokens.Issue(submission.Form));

        var visitor = Guid.TryParse(submission.Value(FormSubmission.Visitor), out var v) ? v : (Guid?)null;
        var asked = ProgressiveProfile.FieldsFor(form, visitor is { } known ? await VisitorLeadAsync(known, cancellationToken) : null);
        var (input, errors) = Read(form, asked, submission);
        // The lead's own rules (the address, custom fields' types) before the token is spent: a mistake costs a retry, not the form.
        foreach (var (field, problems) in LeadValidator.Validate(input, customFields.Current))
            errors.TryAdd(FieldOf(field), string.Join(" ", problems));
        if (errors.Count > 0)
            return new FormOutcome.Invalid(errors, null, null);
        // After the fields: a person who sends an empty form at once is told what is missing, not thanked.
        var filledIn = now - token.ShownAt;
        if (filledIn < TimeSpan.FromSeconds(form.MinFillSeconds))
            return await BotAsync(submission, $"submitted {filledIn.TotalSeconds:0.#} s after the form was shown (under {form.MinFillSeconds} s)", thanks, cancellationToken);
        if (!await spent.TrySpendAsync(token.Nonce, token.ExpiresAt, cancellationToken))
            return await BotAsync(submission, "form token used before (a replay)", thanks, cancellationToken);

        Lead lead;
        try
        {
            (lead, _) = await leads.UpsertAsync(input, $"form:{submission.Form}", cancellationToken);
        }
        catch (LeadValidationException e)
        {
            return new FormOutcome.Invalid(e.Errors.ToDictionary(x => FieldOf(x.Key), x => string.Join(" ", x.Value)), null, tokens.Issue(submission.Form));
        }
        var (signal, _) = await inbox.RecordAsync(new SignalRequest
        {
            Type = SignalTypes.Form,
            LeadId = lead.Id,
            Properties = SignalProperties(form, asked, submission),
            IdempotencyKey = $"form:{token.Nonce}",
        }, cancellationToken, Source, $"submitted the form '{submission.Form}'");
        if (visitor is { } visitorId)
            await identity.TieAsync(visitorId, Source, lead.Id, $"form {submission.Form}", cancellationToken);
        var download = form.Asset is { } asset && assets.Exists(asset) ? urls.FormDownload(signal.Id, lead.Id, asset, now) : null;
        return thanks with { Download = download, Asset = download is null ? null : form.Asset };
    }

    /// <summary>A form as shown now: the fields to ask this visitor, and a fresh start token.</summary>
    public async Task<(FormDefinition Form, IReadOnlyList<FormField> Fields, string Token)?> ShowAsync(string name, Guid? visitor, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is not { } form)
            return null;
        var lead = visitor is { } id ? await VisitorLeadAsync(id, cancellationToken) : null;
        return (form, ProgressiveProfile.FieldsFor(form, lead), tokens.Issue(name));
    }

    private async Task<Lead?> VisitorLeadAsync(Guid visitor, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Visitors.AsNoTracking().Where(v => v.Id == visitor && v.LeadId != null)
            .Join(db.Leads.AsNoTracking(), v => v.LeadId, l => l.Id, (_, l) => l)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Kept as a machine hit (no lead is created, nothing is scored), and answered like a person.</summary>
    private async Task<FormOutcome> BotAsync(FormSubmission submission, string reason, FormOutcome.Accepted thanks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var client = submission.Client.Fitted();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.WebsiteHits.Add(new WebsiteHit
        {
            Id = Guid.CreateVersion7(now),
            Site = Source,
            Type = SignalTypes.Form,
            PropertiesJson = JsonSerializer.Serialize(new { form = submission.Form }),
            Label = SignalLabel.Scanner,
            LabelReason = Columns.Fit(reason, Signal.LabelReasonLength),
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
            OccurredAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return thanks;
    }

    /// <summary>The lead's input from the asked fields, and an error per field that is missing or malformed.</summary>
    private static (LeadInput Input, Dictionary<string, string> Errors) Read(FormDefinition form, IReadOnlyList<FormField> asked, FormSubmission submission)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in asked)
        {
            var value = submission.Value(field.Name)?.Trim();
            if (FieldError(field, value) is { } error)
                errors[field.Name] = error;
            else if (value is { Length: > 0 })
                values[field.Name] = value;
        }
        var consented = submission.Value(FormSubmission.Consent) is "true" or "on" or "yes";
        var client = submission.Client.Fitted();
        if (form.Consent is { Required: true } && !consented)
            errors[FormSubmission.Consent] = "Please tick the box to agree.";
        var input = LeadInputOf(values, form.Consent is { } consent && consented
            ? new ConsentInput
            {
                DoubleOptIn = consent.DoubleOptIn,
                Source = $"form:{submission.Form}",
                TextVersion = consent.Version,
                IpAddress = client.IpAddress,
                UserAgent = client.UserAgent,
            }
            : null, errors);
        return (input, errors);
    }

    /// <summary>The form field a lead validation error names ("fields.renewalDate" is the custom field renewalDate).</summary>
    private static string FieldOf(string leadField) => leadField.StartsWith("fields.", StringComparison.Ordinal) ? leadField[7..] : leadField;

    private static string? FieldError(FormField field, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return field.Required ? $"{field.Label} is required." : null;
        if (value.Length > field.EffectiveMaxLength)
            return $"{field.Label} must be at most {field.EffectiveMaxLength} characters.";
        switch (field.Type)
        {
            case FormFieldType.Number when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                return $"{field.Label} must be a number.";
            case FormFieldType.Select when !field.Options.Contains(value, StringComparer.Ordinal):
                return $"{field.Label}: choose one of the options.";
        }
        if (field.Pattern is { } pattern && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100)))
            return field.PatternMessage ?? $"{field.Label} is not in the expected format.";
        return null;
    }

    private static LeadInput LeadInputOf(Dictionary<string, string> values, ConsentInput? consent, Dictionary<string, string> errors)
    {
        string? Text(string name) => values.GetValueOrDefault(name);
        int? companySize = null;
        if (Text("companySize") is { } size)
        {
            if (int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                companySize = parsed;
            else
                errors["companySize"] = "Company size must be a whole number.";
        }
        var custom = values.Where(v => !BuiltIn.Contains(v.Key))
            .ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value), StringComparer.Ordinal);
        return LeadInput.FromText(Text) with
        {
            CompanySize = companySize,
            AnnualRevenue = Text("annualRevenue") is { } revenue && decimal.TryParse(revenue, NumberStyles.Number, CultureInfo.InvariantCulture, out var r) ? r : null,
            Fields = custom.Count == 0 ? null : custom,
            Consent = consent,
        };
    }

    private static readonly string[] BuiltIn =
        ["email", "firstName", "lastName", "company", "jobTitle", "phone", "country", "timeZone", "industry", "companySize", "annualRevenue"];

    /// <summary>The form signal's properties: the form, what was asked and answered (not the email), the page and its hidden fields.</summary>
    private static Dictionary<string, JsonElement> SignalProperties(FormDefinition form, IReadOnlyList<FormField> asked, FormSubmission submission)
    {
        var fields = asked.Where(f => f.Name != "email" && submission.Value(f.Name) is not null)
            .ToDictionary(f => f.Name, f => Columns.Fit(submission.Value(f.Name)!, 200));
        var properties = new Dictionary<string, JsonElement>
        {
            ["form"] = JsonSerializer.SerializeToElement(submission.Form),
            ["fields"] = JsonSerializer.SerializeToElement(fields),
        };
        if (submission.Value(FormSubmission.Page) is { } page)
            properties["url"] = JsonSerializer.SerializeToElement(Columns.Fit(page, 1000));
        foreach (var hidden in form.Hidden)
        {
            if (submission.Value(hidden) is { } value)
                properties[hidden] = JsonSerializer.SerializeToElement(Columns.Fit(value, 200));
        }
        return properties;
    }
}
