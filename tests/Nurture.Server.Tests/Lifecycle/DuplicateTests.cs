using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Signals;
using Nurture.Core.Website;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Lifecycle;

/// <summary>One address is one lead; one person with two addresses is found and merged, keeping both histories.</summary>
public sealed class DuplicateTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Likely_duplicates_are_listed_and_a_merge_keeps_both_histories(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var work = await host.CreateLeadAsync(new { email = "ada@work.example", firstName = "Ada", lastName = "Lovelace", company = "Acme", phone = "+44 20 7946 0958", country = "GB" });
        var again = await host.Client.PostAsJsonAsync("/api/leads", new { email = "ADA@Work.example", jobTitle = "CTO" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(work, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        var home = await host.CreateLeadAsync(new { email = "ada.l@home.example", firstName = "ada", lastName = "LOVELACE", company = " acme " });
        var colleague = await host.CreateLeadAsync(new { email = "switchboard@acme.example", phone = "020 7946 0958", country = "GB" });
        await Signal(host, work, "click", new { url = "https://example.com/a" });   // +5
        await Signal(host, home, "download", new { asset = "guide.pdf" });          // +10
        (await host.Client.PostAsync($"/api/leads/{home}/stage", JsonContent.Create(new { stage = "Recycled", reason = "no budget" }))).EnsureSuccessStatusCode();
        var browser = Guid.NewGuid(); // the home address's browser on the company's site
        await using (var setup = host.CreateDbContext())
        {
            setup.Visitors.Add(new Visitor { Id = browser, Site = "acme", LeadId = home, FirstSeenAt = NurtureTestHost.Epoch, LastSeenAt = NurtureTestHost.Epoch });
            await setup.SaveChangesAsync();
        }

        var found = await host.Client.GetFromJsonAsync<JsonElement>("/api/leads/duplicates");
        var groups = found.GetProperty("groups");
        Assert.Equal(2, found.GetProperty("total").GetInt32());
        var second = await host.Client.GetFromJsonAsync<JsonElement>("/api/leads/duplicates?page=2&pageSize=1");
        Assert.Equal(groups[1].GetRawText(), Assert.Single(second.GetProperty("groups").EnumerateArray()).GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/leads/duplicates?pageSize=100000")).StatusCode);
        var byName = groups.EnumerateArray().Single(g => g.GetProperty("reason").GetString() == "same name and company");
        Assert.Equal(new[] { work, home }.Order(), byName.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).Order());
        var byPhone = groups.EnumerateArray().Single(g => g.GetProperty("reason").GetString()!.StartsWith("same phone (+442079460958)", StringComparison.Ordinal));
        Assert.Equal(new[] { work, colleague }.Order(), byPhone.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).Order());

        var merged = await host.Client.PostAsJsonAsync($"/api/leads/{work}/merge", new { duplicateId = home, by = "ops@acme.example" });
        merged.EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/leads/{home}")).StatusCode);
        var lead = await host.LeadAsync(work);
        Assert.Equal(15, lead.EngagementScore);
        var explanation = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{work}/score");
        Assert.True(explanation.GetProperty("reconciles").GetBoolean());
        await using var db = host.CreateDbContext();
        var signals = await db.Signals.Where(s => s.LeadId == work).Select(s => s.Type).ToListAsync();
        Assert.Equal(["click", "download", "merge"], signals.Order());
        Assert.Contains(await db.StageTransitions.Where(t => t.LeadId == work).Select(t => t.Reason).ToListAsync(), r => r == "no budget");
        Assert.Equal(0, await db.JourneyInstances.CountAsync(i => i.LeadId == home));
        Assert.Equal(work, (await db.Visitors.SingleAsync(v => v.Id == browser)).LeadId); // its next visits go to the survivor

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.PostAsJsonAsync($"/api/leads/{work}/merge", new { duplicateId = work })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync($"/api/leads/{work}/merge", new { duplicateId = home })).StatusCode);
    }

    [Fact]
    public async Task Merging_an_opted_out_duplicate_keeps_the_person_opted_out()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        var keep = await host.CreateLeadAsync(new { email = "sam@one.example", firstName = "Sam" });
        var other = await host.CreateLeadAsync(new { email = "sam@two.example", lastName = "Doe", company = "Two" });
        await Signal(host, other, "unsubscribe", new { source = "preference page" });
        await using (var db = host.CreateDbContext())
        {
            var row = await db.Leads.SingleAsync(l => l.Id == other);
            row.Unsubscribe(host.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        (await host.Client.PostAsJsonAsync($"/api/leads/{keep}/merge", new { duplicateId = other })).EnsureSuccessStatusCode();

        var lead = await host.LeadAsync(keep);
        Assert.NotNull(lead.UnsubscribedAt);
        Assert.Equal(("Sam", "Doe", "Two"), (lead.FirstName, lead.LastName, lead.Company));
    }

    private static async Task Signal(NurtureTestHost host, Guid leadId, string type, object properties) =>
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type, leadId, properties }));
}
