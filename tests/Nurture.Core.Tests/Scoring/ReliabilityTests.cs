using Nurture.Core.Leads;
using Nurture.Core.Scoring.Reliability;

namespace Nurture.Core.Tests.Scoring;

public sealed class ReliabilityTests : IAsyncLifetime
{
    private LocalDnsServer _dns = null!;
    private DnsMxLookup _mx = null!;
    private ReliabilityChecker _checker = null!;
    private static readonly ReliabilityWeights Weights = new();

    public Task InitializeAsync()
    {
        _dns = new LocalDnsServer(new()
        {
            ["acme.example"] = new(Exchanges: ["mx1.acme.example", "mx2.acme.example"]),
            ["nomail.example"] = new(Exchanges: ["."]),
            ["fallback.example"] = new(HasAddress: true),
            ["empty.example"] = new(),
            ["slow.example"] = new(Silent: true),
        });
        // Generous: a loaded CI machine once took over 300 ms to answer from loopback, and a timed-out
        // answer is (rightly) not cached. Only the silent domain waits the whole limit.
        _mx = new DnsMxLookup(TimeProvider.System, TimeSpan.FromSeconds(2), _dns.EndPoint);
        _checker = new ReliabilityChecker(_mx, new DomainLists());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Theory]
    [InlineData("acme.example", MxStatus.Valid, "MX mx1.acme.example, mx2.acme.example")]
    [InlineData("nomail.example", MxStatus.Invalid, "null MX")]
    [InlineData("fallback.example", MxStatus.Valid, "address record")]
    [InlineData("empty.example", MxStatus.Invalid, "no MX and no address record")]
    [InlineData("gone.example", MxStatus.Invalid, "does not exist")]
    [InlineData("slow.example", MxStatus.Unknown, "")]
    public async Task Mx_lookup_tells_valid_invalid_and_unknown_apart(string domain, MxStatus expected, string detail)
    {
        var result = await _mx.CheckAsync(domain, CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_are_cached_per_domain_and_failures_are_not()
    {
        Assert.Equal(MxStatus.Valid, (await _mx.CheckAsync("acme.example", CancellationToken.None)).Status);
        var afterFirst = _dns.Queries;
        await _mx.CheckAsync("ACME.example", CancellationToken.None);
        Assert.Equal(afterFirst, _dns.Queries);

        Assert.Equal(MxStatus.Unknown, (await _mx.CheckAsync("slow.example", CancellationToken.None)).Status);
        _dns.Set("slow.example", new LocalDnsServer.Zone(Exchanges: ["mx.slow.example"]));
        Assert.Equal(MxStatus.Valid, (await _mx.CheckAsync("slow.example", CancellationToken.None)).Status); // the failure was not remembered
    }

    [Fact]
    public async Task Complete_lead_on_a_company_domain_gets_every_point()
    {
        var lead = new Lead
        {
            Email = "ada@acme.example", FirstName = "Ada", LastName = "Lovelace", Company = "Acme", JobTitle = "CTO",
            Phone = "+44 20 7946 0958", Country = "GB",
        };

        var checks = await _checker.CheckAsync(lead, Weights, CancellationToken.None);

        Assert.Equal(100, checks.Sum(c => c.Points));
        Assert.All(checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
    }

    [Fact]
    public async Task Each_weakness_costs_its_own_points_with_the_reason()
    {
        var disposable = await ByName(new Lead { Email = "x@mailinator.com" });
        Assert.Equal((0, "mailinator.com is a disposable-address domain"), (disposable["notDisposable"].Points, disposable["notDisposable"].Reason));

        var free = await ByName(new Lead { Email = "x@gmail.com" });
        Assert.Equal(0, free["notFreeMail"].Points);
        Assert.Equal(20, free["notDisposable"].Points);

        var nullMx = await ByName(new Lead { Email = "x@nomail.example" });
        Assert.Equal(0, nullMx["mx"].Points);

        var unknown = await ByName(new Lead { Email = "x@slow.example" });
        Assert.Equal(15, unknown["mx"].Points);
        Assert.StartsWith("unknown", unknown["mx"].Reason, StringComparison.Ordinal);

        var malformed = await ByName(new Lead { Email = "not-an-address" });
        Assert.Equal(0, malformed["emailSyntax"].Points + malformed["mx"].Points);

        var badPhone = await ByName(new Lead { Email = "x@acme.example", Phone = "12345", Country = "GB" });
        Assert.Equal(0, badPhone["phone"].Points);
        var goodPhone = await ByName(new Lead { Email = "x@acme.example", Phone = "020 7946 0958", Country = "GB" });
        Assert.Equal(10, goodPhone["phone"].Points);

        var half = await ByName(new Lead { Email = "x@acme.example", FirstName = "A", LastName = "B", Company = "C" });
        Assert.Equal(5, half["completeness"].Points);
        Assert.Contains("missing job title, phone, country", half["completeness"].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ada@acme.example", "acme.example")]
    [InlineData("Ada@Sub.Acme.Example", "sub.acme.example")]
    [InlineData("ada@localhost", null)]
    [InlineData("ada@@acme.example", null)]
    [InlineData("ada@acme..example", null)]
    [InlineData("Ada <ada@acme.example>", null)]
    public void Email_syntax(string email, string? domain) => Assert.Equal(domain, ReliabilityChecker.DomainOf(email));

    [Fact]
    public void Subdomains_of_listed_domains_count_as_listed()
    {
        var lists = new DomainLists();
        Assert.True(lists.IsDisposable("eu.mailinator.com"));
        Assert.False(lists.IsDisposable("mailinator.com.example"));
        Assert.True(lists.IsFreeMail("GMAIL.com"));
    }

    private async Task<Dictionary<string, ReliabilityCheck>> ByName(Lead lead) =>
        (await _checker.CheckAsync(lead, Weights, CancellationToken.None)).ToDictionary(c => c.Name);
}
