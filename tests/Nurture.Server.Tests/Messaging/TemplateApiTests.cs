using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Messaging;

/// <summary>The template editor's API: read, validated save, preview for a sample or chosen lead, test-send.</summary>
public sealed class TemplateApiTests
{
    [Fact]
    public async Task Preview_renders_for_the_sample_lead_or_a_chosen_one_with_inert_links_and_sends_nothing()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "grace@example.com", firstName = "Grace", company = "Navy" });
        await stack.Smtp!.WaitForAsync("grace@example.com", "Welcome");

        var sample = await PreviewAsync(host, "follow-up", new { });
        Assert.StartsWith("Ada,", sample.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal("What we learned from teams that reply within the hour.", sample.GetProperty("preheader").GetString());

        var chosen = await PreviewAsync(host, "follow-up", new { leadId });
        Assert.StartsWith("Grace,", chosen.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var html = chosen.GetProperty("html").GetString()!;
        Assert.Contains("Choose what you receive", html, StringComparison.Ordinal); // the layout's footer partial
        Assert.DoesNotContain("/t/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/u/", html, StringComparison.Ordinal);
        Assert.Contains("Hi Grace,", chosen.GetProperty("text").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync("/api/templates/nope/preview", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync("/api/templates/welcome/preview", new { leadId = Guid.NewGuid() })).StatusCode);
        Assert.Single(stack.Smtp.Received);
    }

    [Fact]
    public async Task Test_send_arrives_marked_as_a_test_without_tracking()
    {
        await using var stack = await TestStack.StartAsync();
        var host = stack.Host;

        var response = await host.Client.PostAsJsonAsync("/api/templates/welcome/test-send", new { to = "marketer@team.test" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var email = await stack.Smtp!.WaitForAsync("marketer@team.test", "[Test] Welcome, Ada");
        Assert.DoesNotContain(EmailLinks.Hrefs(email.Html), h => h.Contains("/t/", StringComparison.Ordinal));
        Assert.DoesNotContain(EmailLinks.ImageSources(email.Html), s => s.Contains("/t/o/", StringComparison.Ordinal));
        Assert.True(await DkimKey.EnsureIn(stack.Temp.Path).VerifyAsync(email.Message));

        // Refused as a lead's address would be: MimeKit alone takes a bare word or a dotless domain.
        foreach (var address in new[] { "not an address", "marketer", "marketer@team", "Ada <ada@team>" })
        {
            var bad = await host.Client.PostAsJsonAsync("/api/templates/welcome/test-send", new { to = address });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains($"'{address}' is not an email address.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Save_with_a_syntax_error_answers_422_with_line_and_column_and_a_valid_save_outlives_a_restart()
    {
        var home = RepositoryPaths.CopyHome(Path.Combine(Path.GetTempPath(), "nurture-tests", "home-" + Guid.NewGuid().ToString("N")));
        await using var stack = await TestStack.StartAsync(smtp: false, configure: o => o with { Home = home });
        var host = stack.Host;
        var before = await File.ReadAllTextAsync(Path.Combine(home, "templates", "nudge.html"));
        var source = await host.Client.GetFromJsonAsync<JsonElement>("/api/templates/nudge");
        Assert.Equal(before, source.GetProperty("html").GetString());

        var broken = await host.Client.PutAsJsonAsync("/api/templates/nudge", new { html = "---\nsubject: Hi\n---\n<p>fine</p>\n<p>{{ for x in }}</p>\n" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        var errors = (await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(5, e.GetProperty("line").GetInt32()));
        Assert.StartsWith("templates/nudge.html:5:", errors[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(home, "templates", "nudge.html")));

        var saved = await host.Client.PutAsJsonAsync("/api/templates/nudge", new { html = "---\nsubject: Still there, {{ lead.first_name }}?\n---\n<p>Edited</p>" });
        saved.EnsureSuccessStatusCode();
        Assert.Equal("Still there, Ada?", (await PreviewAsync(host, "nudge", new { })).GetProperty("subject").GetString());
        // The database holds the edit for every node; the file stays the seed, and a restart does not undo the edit.
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(home, "templates", "nudge.html")));
        await stack.StopHostAsync();
        host = await stack.StartHostAsync();
        Assert.Equal("Still there, Ada?", (await PreviewAsync(host, "nudge", new { })).GetProperty("subject").GetString());

        var badInclude = await host.Client.PutAsJsonAsync("/api/templates/nudge", new { html = "---\nsubject: s\n---\n{{ include '../../etc/passwd' }}" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badInclude.StatusCode);
        Assert.Contains("templates/nudge.html:4:4: partial '../../etc/passwd' does not exist", await badInclude.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PreviewAsync(NurtureTestHost host, string template, object body)
    {
        var response = await host.Client.PostAsJsonAsync($"/api/templates/{template}/preview", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
