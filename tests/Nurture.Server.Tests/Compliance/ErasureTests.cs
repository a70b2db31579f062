using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Delivery;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Compliance;

/// <summary>
/// An erasure leaves nothing of the lead outside its own rows either: its emails' pickup files, test sends
/// rendered with its data, delivery alerts quoting its address, import errors of its rows, log lines. The
/// export lists each of them first.
/// </summary>
public sealed class ErasureTests
{
    private const string Address = "erase.me@example.com";

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Erase_removes_what_the_lead_left_outside_its_rows_and_the_export_lists_it_first(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false); // emails go to the pickup folder
        var host = stack.Host;
        var pickup = Path.Combine(stack.Temp.Path, "pickup");
        var leadId = await host.CreateLeadAsync(new { email = Address, firstName = "Erin", company = "Erasable Inc" });
        (await host.Client.PostAsJsonAsync("/api/templates/welcome/test-send", new { to = "marketer@team.test", leadId })).EnsureSuccessStatusCode();
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(FilesMentioning(pickup, "Erasable").Count == 2), "the welcome and the test send are in the pickup folder");

        Guid welcome;
        await using (var db = host.CreateDbContext())
        {
            welcome = await db.Outbox.Where(m => m.LeadId == leadId).Select(m => m.Id).SingleAsync();
            // Alerts written before replies were redacted: one about the lead's email, one quoting its address.
            db.DeliveryAlerts.Add(Alert(welcome, $"550 5.7.1 <{Address}> refused by policy"));
            db.DeliveryAlerts.Add(Alert(null, $"550 5.7.1 too many messages, last to {Address.ToUpperInvariant()}"));
            await db.SaveChangesAsync();
        }
        var importId = await ImportWithErrorAsync(host, $"email,companySize\n{Address},lots\n");

        var export = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{leadId}/export");
        Assert.Equal("marketer@team.test", Assert.Single(export.GetProperty("testSends").EnumerateArray()).GetProperty("recipient").GetString());
        Assert.Equal(2, export.GetProperty("pickupFiles").GetArrayLength());
        Assert.Equal(2, export.GetProperty("deliveryAlerts").GetArrayLength());
        Assert.Equal(2, Assert.Single(export.GetProperty("importErrors").EnumerateArray()).GetProperty("line").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/leads/{leadId}")).StatusCode);

        Assert.Empty(FilesMentioning(pickup, "Erasable"));
        Assert.Empty(FilesMentioning(pickup, Address));
        await using (var db = host.CreateDbContext())
        {
            Assert.False(await db.Outbox.AnyAsync(m => m.AboutLeadId == leadId || m.LeadId == leadId));
            var alerts = await db.DeliveryAlerts.ToListAsync();
            Assert.Equal(2, alerts.Count); // the domain's history stays, without the address
            Assert.All(alerts, a => Assert.DoesNotContain("erase.me", a.Detail, StringComparison.OrdinalIgnoreCase));
            Assert.All(alerts, a => Assert.Contains("[address]", a.Detail, StringComparison.Ordinal));
        }
        var progress = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/import/{importId}");
        var error = Assert.Single(progress.GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "(erased)"), (error.GetProperty("line").GetInt32(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Bounces_and_policy_blocks_name_the_lead_by_id_in_logs_and_alerts()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        stack.Smtp!.Reply(to => to == "gone@example.com", "550 5.1.1 <gone@example.com>: no such user");
        stack.Smtp.Reply(to => to.EndsWith("@strict.example", StringComparison.Ordinal), "550 5.7.1 <blocked@strict.example> rejected by policy");
        var gone = await host.CreateLeadAsync(new { email = "gone@example.com", firstName = "Gone" });
        await host.CreateLeadAsync(new { email = "blocked@strict.example", firstName = "Blocked" });
        await NurtureTestHost.EventuallyAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Outbox.AnyAsync(m => m.LeadId == gone && m.Status == OutboxStatus.Failed) && await db.DeliveryAlerts.AnyAsync();
        }, "the bounce and the policy block are recorded");

        await using (var db = host.CreateDbContext())
            Assert.Equal("550 5.7.1 <[address]> rejected by policy", (await db.DeliveryAlerts.SingleAsync()).Detail);
        var logs = host.Logs.Warnings;
        Assert.Contains(logs, line => line.Contains($"to lead {gone} rejected permanently: 550 5.1.1 <[address]>", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("gone@example.com", StringComparison.Ordinal) || line.Contains("blocked@strict.example", StringComparison.Ordinal));
    }

    private static DeliveryAlert Alert(Guid? messageId, string detail) => new()
    {
        Id = Guid.NewGuid(), Domain = "example.com", Code = "5.7.1", Detail = detail, MessageId = messageId, At = NurtureTestHost.Epoch, PausedUntil = NurtureTestHost.Epoch,
    };

    private static List<string> FilesMentioning(string directory, string text) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.eml").Where(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal)).ToList() : [];

    private static async Task<Guid> ImportWithErrorAsync(NurtureTestHost host, string csv)
    {
        var started = await host.Client.PostAsJsonAsync("/api/leads/import", new { csv, mapping = new Dictionary<string, string> { ["email"] = "email", ["companySize"] = "companySize" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await NurtureTestHost.EventuallyAsync(async () =>
            (await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/import/{id}")).GetProperty("finished").GetBoolean(), "the import finishes");
        return id;
    }
}
