using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Leads;

/// <summary>CSV import with a column mapping and per-line errors, and the leads list's filters, on both databases.</summary>
public sealed class LeadImportAndSearchTests
{
    private const string Csv = """
        E-mail;Given name;Surname;Organisation;Employees
        ada@acme.example;Ada;Lovelace;Acme;250
        grace@navy.example;Grace;Hopper;Navy;"1,200"
        not-an-address;Bad;Row;Nowhere;10
        alan@acme.example;Alan;Turing;Acme;lots
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_csv_is_previewed_with_a_suggested_mapping_then_imported_with_errors_naming_line_and_field(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var client = stack.Host.Client;

        var preview = await (await client.PostAsJsonAsync("/api/leads/import/preview", new { csv = Csv })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, preview.GetProperty("rows").GetInt32());
        var suggested = preview.GetProperty("suggested").Deserialize<Dictionary<string, string>>()!;
        Assert.Equal(new Dictionary<string, string>
        {
            ["E-mail"] = "email", ["Given name"] = "firstName", ["Surname"] = "lastName", ["Organisation"] = "company", ["Employees"] = "companySize",
        }, suggested);

        var started = await client.PostAsJsonAsync("/api/leads/import", new { csv = Csv, mapping = suggested });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        JsonElement progress = default;
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            progress = await client.GetFromJsonAsync<JsonElement>($"/api/leads/import/{id}");
            return progress.GetProperty("finished").GetBoolean();
        }, "the import finishes");

        Assert.Equal((4, 4, 2, 0, 2), (progress.GetProperty("total").GetInt32(), progress.GetProperty("processed").GetInt32(),
            progress.GetProperty("created").GetInt32(), progress.GetProperty("updated").GetInt32(), progress.GetProperty("failed").GetInt32()));
        var errors = progress.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(4, "email"), (5, "companySize")], errors);

        var grace = await client.GetFromJsonAsync<JsonElement>("/api/leads?q=hopper");
        Assert.Equal(1, grace.GetProperty("total").GetInt32());
        await using var db = stack.Host.CreateDbContext();
        Assert.Equal(1200, db.Leads.Single(l => l.Email == "grace@navy.example").CompanySize);

        // Importing the same file again updates (leads are matched by email), and a bad mapping is refused whole.
        var again = await client.PostAsJsonAsync("/api/leads/import", new { csv = Csv, mapping = new Dictionary<string, string> { ["Surname"] = "lastName" } });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("map one column to email", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var broken = await client.PostAsJsonAsync("/api/leads/import/preview", new { csv = "email\n\"unterminated" });
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode); // a lone quote is bad data CsvHelper reads on; an empty file is not
        var empty = await client.PostAsJsonAsync("/api/leads/import/preview", new { csv = "" });
        Assert.Contains("empty", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_leads_list_filters_by_text_stage_score_tag_and_journey(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var ada = await host.CreateLeadAsync(new { email = "ada@acme.example", firstName = "Ada", company = "Acme" });
        var bob = await host.CreateLeadAsync(new { email = "bob@other.example", firstName = "Bob", company = "Other" });
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId = bob, properties = new { form = "contact" } }));
        await using (var db = host.CreateDbContext())
        {
            var lead = db.Leads.Single(l => l.Id == ada);
            lead.Tags = ["webinar"];
            await db.SaveChangesAsync();
        }

        async Task<List<string>> Emails(string query) =>
            (await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads?{query}")).GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["ada@acme.example"], await Emails("q=ACME"));
        Assert.Equal(["bob@other.example"], await Emails("stage=mql"));
        Assert.Equal(["ada@acme.example"], await Emails("tag=webinar"));
        Assert.Equal(["ada@acme.example", "bob@other.example"], await Emails("journey=welcome-nurture"));
        Assert.Empty(await Emails("journey=no-such-journey"));
        var quality = (await host.LeadAsync(bob)).QualityScore;
        Assert.Equal(["bob@other.example"], await Emails($"minScore={quality}&q=o"));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/leads?stage=nope")).StatusCode);
    }
}
