using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Reports;

/// <summary>
/// Attribution over a real run: the shipped welcome journey, its email through a real SMTP server, a link
/// scanner's click, then Ada's own click and download, which make her an MQL. Only her human touches share the credit.
/// </summary>
public sealed class AttributionReportTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_mql_is_credited_to_the_journey_email_and_asset_she_met_and_never_to_a_scanner(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider);
        var (host, smtp) = (stack.Host, stack.Smtp!);
        var start = host.Clock.GetUtcNow();
        var ada = await host.CreateLeadAsync(new { email = "ada@example.com", firstName = "Ada", lastName = "Lovelace" });
        var welcome = await smtp.WaitForAsync("ada@example.com", "Welcome, Ada");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        var hrefs = EmailLinks.Hrefs(welcome.Html);
        var click = hrefs.Single(h => h.Contains("/t/c/", StringComparison.Ordinal));
        var download = hrefs.Single(h => h.Contains("/t/d/", StringComparison.Ordinal));

        // A scanner follows the link the moment the email lands, from its own address: a machine hit.
        using (var scan = new HttpRequestMessage(HttpMethod.Get, EmailLinks.PathOf(click)))
        {
            scan.Headers.Add("X-Forwarded-For", "203.0.113.9");
            Assert.Equal(HttpStatusCode.Redirect, (await host.Client.SendAsync(scan)).StatusCode);
        }
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.Client.GetAsync(EmailLinks.PathOf(click));
        await host.Client.GetAsync(EmailLinks.PathOf(download));
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(ada)).Stage == LeadStage.Mql, "Ada is an MQL");

        var range = $"from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(host.Clock.GetUtcNow().ToString("O"))}";
        var linear = await host.Client.GetFromJsonAsync<JsonElement>($"/api/reports/attribution?model=linear&stage=Mql&{range}");
        Assert.Equal((1, 0), (linear.GetProperty("conversions").GetInt32(), linear.GetProperty("unattributed").GetInt32()));
        // Five human touches, a fifth each: the journey entered, its welcome delivered, Ada's click, the follow-up
        // her click sent, her download of the white paper (from the welcome email).
        Assert.Equal([("welcome-nurture", 1m)], Rows(linear, "journeys"));
        Assert.Equal([("welcome", 0.6m), ("follow-up", 0.2m)], Rows(linear, "emails"));
        Assert.Equal([("whitepaper-lead-nurturing.pdf", 0.2m)], Rows(linear, "assets"));

        // First touch: the journey she entered; last touch: the download that made her an MQL.
        var first = await host.Client.GetFromJsonAsync<JsonElement>($"/api/reports/attribution?model=first&stage=Mql&{range}");
        Assert.Equal([("welcome-nurture", 1m)], Rows(first, "journeys"));
        Assert.Equal([("follow-up", 0m), ("welcome", 0m)], Rows(first, "emails"));
        var last = await host.Client.GetFromJsonAsync<JsonElement>($"/api/reports/attribution?model=last&stage=Mql&{range}");
        Assert.Equal([("whitepaper-lead-nurturing.pdf", 1m)], Rows(last, "assets"));

        var bad = await host.Client.GetAsync($"/api/reports/attribution?model=shapley&stage=Lead&lookBack=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["model", "stage", "lookBack"], errors.EnumerateObject().Select(e => e.Name));
    }

    private static (string, decimal)[] Rows(JsonElement report, string table) =>
        [.. report.GetProperty(table).EnumerateArray().Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("credit").GetDecimal()))];
}
