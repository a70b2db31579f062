using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Compliance;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Core.Website;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Website;

/// <summary>
/// The shipped forms through their public routes: per-field errors, a person's submission (lead, consent record,
/// form signal, journey, unlocked download), bots answered as accepted and kept as machine hits, and
/// progressive profiling for a known visitor.
/// </summary>
public sealed class FormTests
{
    private const string Guide = "lead-nurturing-guide";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_submission_upserts_the_lead_records_consent_and_the_signal_and_unlocks_the_asset(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, configure: WebsiteTests.WithSite());
        var host = stack.Host;
        var form = await FieldsAsync(host, Guide);
        Assert.Equal(["email", "firstName", "company"], form.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var invalid = await SubmitAsync(host, Guide, new() { ["email"] = "not-an-address", ["nurture_token"] = Token(form) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("not a valid email", errors.GetProperty("email").GetString(), StringComparison.Ordinal);
        Assert.Equal("First name is required.", errors.GetProperty("firstName").GetString());
        Assert.True(errors.TryGetProperty("nurture_consent", out _));

        var visitor = Guid.NewGuid();
        var accepted = await SubmitAsync(host, Guide, new()
        {
            ["email"] = "Grace@Example.com", ["firstName"] = "Grace", ["company"] = "Navy", ["nurture_consent"] = "true",
            ["nurture_token"] = Token(form), ["nurture_visitor"] = visitor.ToString(), ["utm_source"] = "newsletter",
            ["nurture_page"] = $"{WebsiteTests.Origin}/guide",
        });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var answer = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Thank you! Your copy is ready.", answer.GetProperty("thankYou").GetString());
        var download = new Uri(answer.GetProperty("download").GetString()!);

        await using (var db = host.CreateDbContext())
        {
            var lead = await db.Leads.SingleAsync(l => l.Email == "grace@example.com");
            Assert.Equal(("Grace", "Navy"), (lead.FirstName, lead.Company));
            var consent = await db.ConsentRecords.SingleAsync(c => c.LeadId == lead.Id && c.Kind == ConsentKinds.OptInConfirmed);
            Assert.Equal(("form:" + Guide, "2026-01"), (consent.Source, consent.TextVersion));
            var signal = await db.Signals.SingleAsync(s => s.LeadId == lead.Id && s.Type == SignalTypes.Form);
            using var properties = JsonDocument.Parse(signal.PropertiesJson!);
            Assert.Equal(Guide, properties.RootElement.GetProperty("form").GetString());
            Assert.Equal("newsletter", properties.RootElement.GetProperty("utm_source").GetString());
            Assert.Equal("Navy", properties.RootElement.GetProperty("fields").GetProperty("company").GetString());
            Assert.Equal(lead.Id, (await db.Visitors.SingleAsync(v => v.Id == visitor)).LeadId);
        }

        // The same token again is a replay: answered alike, nothing new.
        var replay = await SubmitAsync(host, Guide, new() { ["email"] = "other@example.com", ["firstName"] = "O", ["nurture_consent"] = "true", ["nurture_token"] = Token(form) });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        using var get = new HttpRequestMessage(HttpMethod.Get, download.PathAndQuery);
        get.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        var file = await host.Client.SendAsync(get);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        await using (var db = host.CreateDbContext())
        {
            Assert.False(await db.Leads.AnyAsync(l => l.Email == "other@example.com"));
            Assert.Contains("replay", (await db.WebsiteHits.SingleAsync(h => h.Type == SignalTypes.Form)).LabelReason, StringComparison.Ordinal);
            var downloaded = await db.Signals.SingleAsync(s => s.Type == SignalTypes.Download);
            Assert.Equal((SignalLabel.Human, "form"), (downloaded.Label, downloaded.Source));
        }
    }

    [Fact]
    public async Task Honeypot_too_fast_and_tokenless_submissions_create_nothing_and_are_kept_as_machine_hits()
    {
        await using var stack = await TestStack.StartAsync(configure: WebsiteTests.WithSite());
        var host = stack.Host;
        var person = new Dictionary<string, string> { ["email"] = "bot@example.com", ["firstName"] = "B", ["nurture_consent"] = "true" };

        var tooFast = await SubmitAsync(host, Guide, new(person) { ["nurture_token"] = Token(await FieldsAsync(host, Guide)) });
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var honeypot = await SubmitAsync(host, Guide, new(person) { ["nurture_token"] = Token(await FieldsAsync(host, Guide)), ["nurture_hp"] = "http://spam.test" });
        var tokenless = await SubmitAsync(host, Guide, new(person));

        foreach (var response in new[] { tooFast, honeypot, tokenless })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Thank you! Your copy is ready.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("thankYou").GetString());
        }
        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.Leads.CountAsync());
        var reasons = await db.WebsiteHits.Where(h => h.Label == SignalLabel.Scanner).Select(h => h.LabelReason!).ToListAsync();
        Assert.Contains(reasons, r => r.StartsWith("submitted 0 s after the form was shown", StringComparison.Ordinal));
        Assert.Contains("filled the hidden honeypot field", reasons);
        Assert.Contains(reasons, r => r.StartsWith("no form token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_known_visitor_is_asked_the_next_unanswered_fields_and_the_form_starts_journeys()
    {
        const string journey = """
            { "id": "form-follow", "name": "Form follow-up", "triggers": [ { "type": "FormSubmitted", "form": "demo-request" } ],
              "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "demo-requested" } } ], "connections": [] }
            """;
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", [journey], configure: WebsiteTests.WithSite());
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "known@example.com", firstName = "Kay", company = "Known Inc" });
        var visitor = Guid.NewGuid();
        var token = host.Service<VisitorLinks>().Decorate(new Uri($"{WebsiteTests.Origin}/"), leadId).Query.Split('=')[1];
        await WebsiteTests.HitAsync(host, new { site = WebsiteTests.Site, visitor, type = "page_view", url = WebsiteTests.Origin + "/", identity = Uri.UnescapeDataString(token) });

        var anonymous = await FieldsAsync(host, "demo-request");
        var known = await FieldsAsync(host, "demo-request", visitor);
        Assert.Equal(["email", "firstName", "company", "jobTitle"], Names(anonymous));
        Assert.Equal(["email", "companySize", "phone", "jobTitle"], Names(known)); // firstName and company known: the next two asked instead

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var response = await SubmitAsync(host, "demo-request", new()
        {
            ["email"] = "known@example.com", ["companySize"] = "250", ["phone"] = "+44 20 7946 0000", ["jobTitle"] = "CTO",
            ["nurture_token"] = Token(known), ["nurture_visitor"] = visitor.ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(leadId)).Tags.Contains("demo-requested"), "the FormSubmitted journey tagged the lead");
        var lead = await host.LeadAsync(leadId);
        Assert.Equal((250, "CTO", "Kay"), (lead.CompanySize, lead.JobTitle, lead.FirstName));
    }

    [Fact]
    public async Task The_plain_html_form_re_renders_with_errors_and_thanks_without_javascript()
    {
        await using var stack = await TestStack.StartAsync(configure: WebsiteTests.WithSite());
        var host = stack.Host;
        var page = await host.Client.GetStringAsync($"/f/{Guide}?utm_source=partner");
        Assert.Contains("""name="utm_source" value="partner""", page, StringComparison.Ordinal);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"nurture_token\" value=\"([^\"]+)\"").Groups[1].Value;
        host.Clock.Advance(TimeSpan.FromSeconds(10));

        using var invalid = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.com", ["nurture_token"] = token });
        var again = await host.Client.PostAsync($"/f/{Guide}", invalid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("First name is required.", html, StringComparison.Ordinal);
        Assert.Contains("""value="x@example.com""", html, StringComparison.Ordinal);

        using var valid = new FormUrlEncodedContent(new Dictionary<string, string>
            { ["email"] = "x@example.com", ["firstName"] = "Xu", ["nurture_consent"] = "true", ["nurture_token"] = token });
        var thanks = await host.Client.PostAsync($"/f/{Guide}", valid);
        Assert.Contains("Your copy is ready", await thanks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"frame-ancestors 'self' {WebsiteTests.Origin}", thanks.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static string[] Names(JsonElement form) => [.. form.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];

    private static string Token(JsonElement form) => form.GetProperty("token").GetString()!;

    private static async Task<JsonElement> FieldsAsync(NurtureTestHost host, string form, Guid? visitor = null) =>
        await host.Client.GetFromJsonAsync<JsonElement>($"/f/{form}/fields" + (visitor is null ? "" : $"?visitor={visitor}"));

    private static async Task<HttpResponseMessage> SubmitAsync(NurtureTestHost host, string form, Dictionary<string, string> values)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/f/{form}") { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", WebsiteTests.Origin);
        request.Headers.Add("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", NurtureTestHost.BrowserAgent);
        return await host.Client.SendAsync(request);
    }
}
