using System.Net;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Messaging;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Content;

/// <summary>
/// <c>SendBestContent</c> on the shipped library, through the real runtime and a real SMTP server: the pick
/// follows what the lead read, its link is tracked to the page, and a lead who consumed everything gets no
/// email and takes <c>NothingLeft</c>.
/// </summary>
public sealed class NextBestContentTests
{
    private const string Journey = """
        { "id": "best-content", "name": "Best content on request", "triggers": [ { "type": "SignalReceived", "signalType": "content_request" } ],
          "activities": [
            { "id": "send", "type": "SendBestContent", "properties": { "template": "best-content" } },
            { "id": "exhausted", "type": "AddTag", "properties": { "tag": "content-exhausted" } } ],
          "connections": [ { "from": "send", "outcome": "NothingLeft", "to": "exhausted" } ] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_lead_gets_the_piece_that_follows_what_it_read_and_a_lead_who_read_everything_gets_nothing(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey], smtp: true);
        var (host, smtp) = (stack.Host, stack.Smtp!);

        // Ada read the white paper (consideration, on lead nurturing and scoring): +10 makes her a considering lead.
        var ada = await host.CreateLeadAsync(new { email = "ada@example.com", firstName = "Ada" });
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "download", leadId = ada, properties = new { asset = "whitepaper-lead-nurturing.pdf" } }));
        await host.SignalAsync(new { type = "content_request", leadId = ada });

        var email = await smtp.WaitForAsync("ada@example.com", "Ada, picked for you: Lead scoring in five minutes");
        Assert.Contains("Fit and behaviour, scored apart", email.Text);
        // Then, tied on points (a decision-stage case study one stage ahead; an awareness post on lead nurturing), by name.
        var also = email.Text[email.Text.IndexOf("Also worth a look", StringComparison.Ordinal)..];
        Assert.True(also.IndexOf("How Acme cut", StringComparison.Ordinal) < also.IndexOf("Why leads go cold", StringComparison.Ordinal), also);
        Assert.DoesNotContain("The lead nurturing white paper", email.Text);

        var link = EmailLinks.Hrefs(email.Html).First(h => h.Contains("/t/c/", StringComparison.Ordinal));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var redirect = await host.Client.GetAsync(EmailLinks.PathOf(link));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https://www.example.com/videos/scoring-in-five-minutes", redirect.Headers.Location!.ToString());

        // Grace viewed every page (any UTM, any trailing slash) and downloaded the white paper: nothing is left.
        var grace = await host.CreateLeadAsync(new { email = "grace@example.com", firstName = "Grace" });
        string[] pages =
        [
            "https://www.example.com/blog/why-leads-go-cold?utm_source=newsletter",
            "https://www.example.com/videos/scoring-in-five-minutes/",
            "https://www.example.com/customers/acme-routing",
        ];
        foreach (var url in pages)
            await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "page_view", leadId = grace, properties = new { url } }));
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "download", leadId = grace, properties = new { asset = "whitepaper-lead-nurturing.pdf" } }));
        await host.SignalAsync(new { type = "content_request", leadId = grace });

        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(grace)).Tags.Contains("content-exhausted"), "the journey took NothingLeft");
        await using var db = host.CreateDbContext();
        Assert.False(await db.Outbox.AnyAsync(m => m.LeadId == grace), "no email was queued for Grace");
    }
}
