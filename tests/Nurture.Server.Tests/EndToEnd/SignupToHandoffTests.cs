using System.Net;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.EndToEnd;

/// <summary>
/// The walking skeleton end to end, through the real server, a real SMTP server and a real database:
/// sign-up → welcome email → human click and download → score → MQL → the rep's handoff email.
/// </summary>
public sealed class SignupToHandoffTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Lead_who_clicks_and_downloads_is_handed_to_the_rep_with_its_history(string provider)
    {
        using var crm = new TestWebhookReceiver();
        await using var stack = await TestStack.StartAsync(provider, configure: o => o.WithSetting("Sales:CrmWebhookUrl", crm.Url));
        var (host, smtp) = (stack.Host, stack.Smtp!);

        var leadId = await host.CreateLeadAsync(new { email = "Ada@Example.com", firstName = "Ada", lastName = "Lovelace", company = "Analytical Engines", jobTitle = "CTO" });

        var welcome = await smtp.WaitForAsync("ada@example.com", "Welcome, Ada");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        Assert.Contains("Analytical Engines", welcome.Text);
        Assert.False(string.IsNullOrWhiteSpace(welcome.Text), "the welcome email has a plain-text part");
        Assert.Equal("List-Unsubscribe=One-Click", welcome.Message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("@nurture.localhost", welcome.Message.MessageId);
        Assert.True(await DkimKey.EnsureIn(stack.Temp.Path).VerifyAsync(welcome.Message), "the DKIM signature verifies with the published key");

        var hrefs = EmailLinks.Hrefs(welcome.Html);
        var click = Assert.Single(hrefs, h => h.Contains("/t/c/"));
        var download = Assert.Single(hrefs, h => h.Contains("/t/d/"));
        Assert.Single(hrefs, h => h.Contains("/u/"));
        Assert.DoesNotContain(hrefs, h => h.StartsWith("https://example.com", StringComparison.Ordinal));
        Assert.Contains(EmailLinks.ImageSources(welcome.Html), src => src.Contains("/t/o/"));
        Assert.DoesNotContain("ada@example.com", string.Join(" ", hrefs), StringComparison.OrdinalIgnoreCase);

        // A person reads the email a minute later (faster would look like a link scanner).
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var redirect = await host.Client.GetAsync(EmailLinks.PathOf(click));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://example.com/product-tour", redirect.Headers.Location!.ToString());
        Assert.Equal("no-referrer", redirect.Headers.GetValues("Referrer-Policy").Single());

        var file = await host.Client.GetAsync(EmailLinks.PathOf(download));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "assets", "whitepaper-lead-nurturing.pdf")), await file.Content.ReadAsByteArrayAsync());

        var handoff = await smtp.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Ada Lovelace");
        Assert.Contains("Ada Lovelace", handoff.Text);
        Assert.Contains("click (https://example.com/product-tour)", handoff.Text);
        Assert.Contains("download (whitepaper-lead-nurturing.pdf)", handoff.Text);
        Assert.Contains("engagement +10: downloaded an asset", handoff.Text);
        Assert.Contains("Welcome, Ada: your guide to lead nurturing", handoff.Text); // the emails Ada received
        Assert.Contains("Analytical Engines", handoff.Html);
        Assert.Contains(EmailLinks.Hrefs(handoff.Html), h => h.Contains("/h/accept/", StringComparison.Ordinal));
        Assert.Contains(EmailLinks.Hrefs(handoff.Html), h => h.Contains("/h/reject/", StringComparison.Ordinal));

        // The CRM hears of it too, signed, without holding up the email.
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(crm.Received.Count > 0), "the CRM webhook arrives");
        var webhook = crm.Received[0];
        Assert.True(Core.Webhooks.WebhookSignature.Verify(NurtureTestHost.WebhookSecret, webhook.Signature, webhook.Body, host.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var body = System.Text.Json.JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal(("lead.handoff", "ada@example.com", NurtureTestHost.RepEmail),
            (body.GetProperty("event").GetString(), body.GetProperty("lead").GetProperty("email").GetString(), body.GetProperty("details").GetProperty("rep").GetString()));

        // The journey moved on: the click resumed the wait and the follow-up went out.
        await smtp.WaitForAsync("ada@example.com", "three ways teams answer leads faster");

        var lead = await host.GetLeadAsync(leadId);
        Assert.Equal("Mql", lead.GetProperty("stage").GetString());
        Assert.Equal(15, lead.GetProperty("score").GetProperty("engagement").GetInt32());
        Assert.Equal(15, lead.GetProperty("ledger").EnumerateArray().Where(r => r.GetProperty("dimension").GetString() == "engagement").Sum(r => r.GetProperty("delta").GetInt32()));
        var mql = lead.GetProperty("score").GetProperty("mql");
        Assert.Equal(("engagement gte 15", true, false, "already with sales (Mql)"),
            (mql.GetProperty("rule").GetString(), mql.GetProperty("met").GetBoolean(), mql.GetProperty("handOff").GetBoolean(), mql.GetProperty("heldBecause").GetString()));

        await using var db = host.CreateDbContext();
        var signals = await db.Signals.Where(s => s.LeadId == leadId).ToListAsync();
        Assert.All(signals.Where(s => s.Type != SignalTypes.Open), s => Assert.Equal(SignalLabel.Human, s.Label));
        var instance = await db.JourneyInstances.SingleAsync(i => i.LeadId == leadId);
        Assert.Equal(JourneyInstanceStatus.Completed, instance.Status);
        Assert.Equal(3, smtp.Received.Count);
    }
}
