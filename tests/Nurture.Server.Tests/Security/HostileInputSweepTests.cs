using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Server.Tests.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// Every route, anonymous and as each role, against malformed, oversized and hostile input: never a 5xx,
/// never a stack trace, never a redirect to another host, a problem document for every refused API call, and
/// nothing half-written: the malformed round changes no table. Prints how many requests it made
/// (TestResults/hostile-input-sweep.txt, shown by ./test.sh).
/// </summary>
public sealed class HostileInputSweepTests
{
    private const string Password = "a long enough passphrase";

    /// <summary>Bodies no route can take: each must be refused whole.</summary>
    private static readonly (string Name, Func<ApiRoute, HttpContent> Body)[] Malformed =
    [
        ("malformed JSON", _ => Json("{\"email\": ")),
        ("truncated JSON", _ => Json("{\"email\": \"a@example.com\", \"firstName\": \"Al")),
        ("wrong types", _ => Json("""{ "email": 5, "name": [], "scopes": "admin", "mapping": 3, "csv": {}, "stage": 7, "to": false, "reason": {}, "fields": "x", "page": "two" }""")),
        ("deep nesting", _ => Json(new string('[', 5000) + new string(']', 5000))),
        ("invalid UTF-8", _ => new ByteArrayContent([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'])
            { Headers = { ContentType = new("application/json") } }),
        ("control characters", _ => Json("{\"email\": \"a\u0000b\u0001@example.com\u001F\", \"name\": \"\u0007\"}")),
        ("oversized body", _ => Json($"{{\"name\": \"{new string('x', 60 * 1024 * 1024)}\"}}")),
        ("wrong content type", route => new StringContent("{}", Encoding.UTF8, route.ContentType == "application/xml" ? "application/json" : "application/xml")),
        ("huge array", _ => Json("[" + string.Join(',', Enumerable.Repeat("1", 300_000)) + "]")),
    ];

    /// <summary>Well-formed bodies carrying what an attacker would store or inject; a route may accept them.</summary>
    private static readonly string[] HostileValues =
    [
        "<script>alert(1)</script>", "javascript:alert(1)", "' OR 1=1; DROP TABLE leads; --", "../../../../etc/passwd", "..%2F..%2Fappsettings.json",
        "\u202Egnp.exe", new string('y', 100_000),
    ];

    /// <summary>What route parameters become: traversal, encoded traversal, SQL, markup.</summary>
    private static readonly string[] HostileSegments = ["..%2F..%2Fappsettings.json", "%2E%2E%2F%2E%2E%2Fnurture.db", "'%20OR%201=1--", "%3Cscript%3E", "x.eml%00.txt"];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Every_route_refuses_hostile_input_cleanly(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var identities = new List<(string Name, HttpClient Client, Func<Task> Refresh)>();
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        identities.Add(("anonymous", anonymous, () => Task.CompletedTask));
        using var key = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        key.DefaultRequestHeaders.Add("X-Api-Key", NurtureTestHost.ApiKey);
        identities.Add(("admin key", key, () => Task.CompletedTask));
        var sessions = new List<SessionClient>();
        foreach (var (email, role) in new[] { ("root@sweep.test", Roles.Admin), ("mia@sweep.test", Roles.Marketer), ("sam@sweep.test", Roles.Sales) })
        {
            (await host.Client.PostAsJsonAsync("/api/users", new { email, role, password = Password })).EnsureSuccessStatusCode();
            var session = new SessionClient(host.BaseAddress);
            (await session.SignInAsync(email, Password)).EnsureSuccessStatusCode();
            sessions.Add(session);
            identities.Add(($"{role} session", session.WithToken(), async () =>
            {
                await session.SignInAsync(email, Password);
                session.WithToken();
            }));
        }

        var routes = Routes(host);
        var failures = new List<string>();
        var requests = 0;
        var before = await RowCountsAsync(host);
        foreach (var (identity, client, _) in identities)
        {
            foreach (var route in routes)
            {
                foreach (var (name, body) in Malformed.Where(_ => route.Method is not ("GET" or "DELETE")))
                {
                    requests++;
                    await CheckAsync(failures, $"{identity} {route} {name}", await SendAsync(client, route.Method, route.Path, body(route)), route);
                }
                foreach (var segment in HostileSegments.Where(_ => route.Path.Contains("/sample", StringComparison.Ordinal) || route.Path.Contains(Guid.Empty.ToString(), StringComparison.Ordinal)))
                {
                    requests++;
                    var path = route.Path.Replace("/sample", "/" + segment, StringComparison.Ordinal).Replace(Guid.Empty.ToString(), segment, StringComparison.Ordinal);
                    await CheckAsync(failures, $"{identity} {route.Method} {path}", await SendAsync(client, route.Method, path, route.Method is "GET" or "DELETE" ? null : Json("{}")), route);
                }
            }
        }
        // Nothing half-written by a refused request.
        var after = await RowCountsAsync(host);
        failures.AddRange(after.Where(t => before[t.Key] != t.Value).Select(t => $"table {t.Key}: {before[t.Key]} rows before the malformed round, {t.Value} after"));



        foreach (var (identity, client, refresh) in identities)
        {
            foreach (var route in routes.Where(r => r.Method is not ("GET" or "DELETE")).OrderBy(r => r.Path.EndsWith("/logout", StringComparison.Ordinal)))
            {
                foreach (var value in HostileValues)
                {
                    requests++;
                    await CheckAsync(failures, $"{identity} {route} hostile value {value[..Math.Min(20, value.Length)]}", await SendAsync(client, route.Method, route.Path, HostileBody(value)), route);
                }
            }
            foreach (var route in routes.Where(r => r.Method == "GET"))
            {
                requests++;
                var query = string.Join('&', new[] { "q", "from", "to", "stage", "before", "page", "pageSize", "minScore", "model" }.Select(p => $"{p}={Uri.EscapeDataString(HostileValues[2])}"));
                await CheckAsync(failures, $"{identity} {route} hostile query", await SendAsync(client, "GET", $"{route.Path}?{query}", null), route);
            }
            await refresh();
        }

        var summary = $"Hostile-input sweep ({provider}): {routes.Count} routes × {identities.Count} identities, {Malformed.Length} malformed bodies, " +
            $"{HostileSegments.Length} hostile route values, {HostileValues.Length} hostile values: {requests} requests, {failures.Count} failures";
        WriteSummary(summary);
        // Listed once per route and input, whichever identities met it.
        var distinct = failures.Select(f => identities.Select(i => i.Name + " ").FirstOrDefault(f.StartsWith) is { } who ? f[who.Length..] : f).Distinct().ToList();
        Assert.True(failures.Count == 0, summary + "\n" + string.Join('\n', distinct.Take(80)));
        foreach (var session in sessions)
            session.Dispose();
    }

    /// <summary>Every route the server maps, API and pages, except the app shell's pages (they show the same page whatever is asked).</summary>
    private static List<ApiRoute> Routes(NurtureTestHost host) =>
        [.. ApiRouteTable.Matching(host, e => !e.RoutePattern.RawText!.StartsWith("/metrics", StringComparison.Ordinal)
            && (e.RoutePattern.RawText.StartsWith("/api", StringComparison.Ordinal) || e.RoutePattern.RawText.Contains('{')
                || e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m != "GET") == true))];

    private static async Task CheckAsync(List<string> failures, string what, HttpResponseMessage response, ApiRoute route)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
                failures.Add($"{what}: {status} {text[..Math.Min(200, text.Length)]}");
            if (text.Contains("   at Nurture.", StringComparison.Ordinal) || text.Contains("   at Microsoft.", StringComparison.Ordinal) || text.Contains("   at System.", StringComparison.Ordinal))
                failures.Add($"{what}: a stack trace in the answer");
            if (response.Headers.Location is { IsAbsoluteUri: true } location && location.Host is not ("127.0.0.1" or "localhost"))
                failures.Add($"{what}: redirects to {location}");
            // A NUL in the path is refused by Kestrel itself, before the app: a bare 400, which is right too.
            var refusedByKestrel = status == 400 && text.Length == 0 && what.Contains("%00", StringComparison.Ordinal);
            if (status is >= 400 and < 500 && !refusedByKestrel && route.Path.StartsWith("/api", StringComparison.Ordinal) && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{what}: {status} without a problem document ({response.Content.Headers.ContentType?.MediaType})");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, HttpContent? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        try
        {
            return await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection on a body past its limit before reading it all: a refusal, not a failure.
            return new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge) { Content = new StringContent("", Encoding.UTF8, "application/problem+json") };
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent HostileBody(string value) => Json(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["email"] = $"sweep+{Guid.NewGuid():N}@example.com", ["name"] = value, ["firstName"] = value, ["lastName"] = value, ["company"] = value,
        ["displayName"] = value, ["reason"] = value, ["url"] = value, ["to"] = value, ["csv"] = $"email,firstName\nsweep{Guid.NewGuid():N}@example.com,{value.Replace(",", "", StringComparison.Ordinal)}\n",
        ["mapping"] = new Dictionary<string, string> { ["email"] = "email", ["firstName"] = "firstName" }, ["type"] = "form", ["stage"] = value, ["by"] = value,
        ["current"] = value, ["new"] = value, ["password"] = value, ["scopes"] = new[] { value }, ["duplicateId"] = Guid.Empty, ["properties"] = new { form = value },
    }));

    /// <summary>Rows in every table the model maps.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(NurtureTestHost host)
    {
        await using var db = host.CreateDbContext();
        var counts = new Dictionary<string, long>();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct())
        {
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
                await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        // The start-up publishes the files (assets too) in the background; what the API saved is what counts here.
        counts["documents"] = await db.Set<Core.Documents.StoredDocument>().CountAsync(d => d.Source.StartsWith("app ("));
        return counts;
    }

    private static void WriteSummary(string summary)
    {
        var directory = Path.Combine(Repository.Root, "TestResults");
        Directory.CreateDirectory(directory);
        File.AppendAllText(Path.Combine(directory, "hostile-input-sweep.txt"), summary + Environment.NewLine);
    }
}
