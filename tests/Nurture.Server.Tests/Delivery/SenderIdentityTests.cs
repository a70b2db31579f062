using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Delivery;

/// <summary>The Message-ID domain and the bounce address follow the From address unless set, and the DNS records to publish are listed.</summary>
public sealed class SenderIdentityTests
{
    [Fact]
    public async Task With_only_a_From_address_set_the_Message_ID_and_the_envelope_sender_are_on_its_domain()
    {
        await using var stack = await TestStack.StartAsync(configure: o => o
            .WithSetting("Email:From", "Acme News <news@acme-mail.example.test>")
            .WithSetting("Email:BounceAddress", null)
            .WithSetting("Email:MessageIdDomain", null));
        var host = stack.Host;
        await host.CreateLeadAsync(new { email = "sam@example.com", firstName = "Sam" });

        var email = await stack.Smtp!.WaitForAsync("sam@example.com", "Welcome");

        Assert.EndsWith("@acme-mail.example.test", email.Message.MessageId, StringComparison.Ordinal);
        Assert.StartsWith("bounces+", email.EnvelopeFrom, StringComparison.Ordinal);
        Assert.EndsWith("@acme-mail.example.test", email.EnvelopeFrom, StringComparison.Ordinal);
        Assert.Contains("mailto:unsubscribe@acme-mail.example.test", email.Message.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        // SMTP is configured and the domain is reserved for tests: the operator is told at start.
        Assert.Contains(host.Logs.Warnings, w => w.Contains("Email:From is on acme-mail.example.test, a domain reserved for tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dns_endpoint_lists_SPF_DKIM_and_DMARC_for_the_sender_and_says_what_does_not_align()
    {
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o
            .WithSetting("Email:From", "news@mail.acme.example")
            .WithSetting("Email:BounceAddress", null));
        var host = stack.Host;

        var report = await host.Client.GetFromJsonAsync<JsonElement>("/api/delivery/dns");

        var records = report.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("value").GetString()!);
        Assert.StartsWith("v=spf1 ", records["mail.acme.example"], StringComparison.Ordinal);
        var publicKey = DkimKey.EnsureIn(stack.Temp.Path).PublicKey;
        Assert.Equal($"v=DKIM1; k=rsa; p={publicKey}", records["s2026._domainkey.nurture.test"]);
        Assert.StartsWith("v=DMARC1; p=none;", records["_dmarc.mail.acme.example"], StringComparison.Ordinal);
        Assert.True(report.GetProperty("spfAligned").GetBoolean());
        Assert.False(report.GetProperty("dkimAligned").GetBoolean()); // the tests sign as nurture.test
        var warnings = report.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("DKIM domain nurture.test does not align with the From domain mail.acme.example", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("reserved for tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_start_on_a_new_SQLite_file_logs_no_warning()
    {
        await using var stack = await TestStack.StartAsync("Sqlite", smtp: false);

        Assert.Empty(stack.Host.Logs.Warnings);
    }
}
