using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Leads;

/// <summary>A CSV sent as it is (text/csv) is streamed to disk and read a row at a time; nothing is left behind.</summary>
public sealed class StreamedImportTests
{
    [Fact]
    public async Task A_csv_file_is_streamed_checked_then_imported_row_by_row_and_its_file_removed()
    {
        // No journeys: what is under test is the streaming and the rows, not 3,000 welcome emails (2 minutes of them).
        await using var stack = await TestStack.WithJourneysAsync("Sqlite", []);
        var host = stack.Host;
        var csv = new StringBuilder("Work email,First\n");
        for (var i = 0; i < 3000; i++)
            csv.Append($"streamed{i}@example.com,Row{i}\n");

        var preview = await host.Client.PostAsync("/api/leads/import/csv/preview", Csv(csv.ToString()));
        var shown = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3000, shown.GetProperty("rows").GetInt32());
        Assert.Equal(3, shown.GetProperty("sample").GetArrayLength());
        Assert.Equal("firstName", shown.GetProperty("suggested").GetProperty("First").GetString());

        var mapping = Uri.EscapeDataString("""{ "Work email": "email", "First": "firstName" }""");
        var started = await host.Client.PostAsync($"/api/leads/import/csv?mapping={mapping}", Csv(csv.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        JsonElement progress = default;
        await NurtureTestHost.EventuallyAsync(async () =>
            (progress = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/import/{id}")).GetProperty("finished").GetBoolean(), "the import finishes", TimeSpan.FromMinutes(3));

        Assert.Equal((3000, 3000, 0), (progress.GetProperty("total").GetInt32(), progress.GetProperty("created").GetInt32(), progress.GetProperty("failed").GetInt32()));
        await using (var db = host.CreateDbContext())
            Assert.Equal("Row2999", (await db.Leads.SingleAsync(l => l.Email == "streamed2999@example.com")).FirstName);
        Assert.Empty(ImportFiles(stack));
    }

    [Fact]
    public async Task A_malformed_or_oversized_csv_is_refused_before_any_row_and_leaves_no_file()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;

        var twice = await host.Client.PostAsync("/api/leads/import/csv?mapping=%7B%7D", Csv("email,Email\na@example.com,b@example.com\n"));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var problem = await twice.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("line 1: the column 'email' appears twice.", problem.GetProperty("errors").GetProperty("csv")[0].GetString());

        var huge = new StringBuilder("email\n");
        while (huge.Length < 51 * 1024 * 1024)
            huge.Append("someone@example.com\n");
        try
        {
            var tooLarge = await host.Client.PostAsync("/api/leads/import/csv?mapping=%7B%22email%22%3A%22email%22%7D", Csv(huge.ToString()));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }
        catch (HttpRequestException)
        {
            // Kestrel answered 413 and closed the connection while the client was still sending: refused too.
        }
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(ImportFiles(stack).Length == 0), "the partial file is removed");

        Assert.Empty(ImportFiles(stack));
        await using var db = host.CreateDbContext();
        Assert.False(await db.Leads.AnyAsync(l => l.Email == "someone@example.com" || l.Email == "a@example.com"));
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static string[] ImportFiles(TestStack stack)
    {
        var directory = Path.Combine(stack.Temp.Path, "imports");
        return Directory.Exists(directory) ? Directory.GetFiles(directory) : [];
    }
}
