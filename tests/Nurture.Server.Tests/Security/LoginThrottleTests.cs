using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nurture.Core.Accounts;
using Nurture.Server.Tests.Accounts;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>
/// Sign-in tells nobody which addresses have accounts, slows down whoever sends wrong passwords, and lets no
/// stranger keep the owner out: clients are told apart by their address (X-Forwarded-For from the loopback
/// proxy), time is the host's fake clock.
/// </summary>
public sealed class LoginThrottleTests : IAsyncLifetime
{
    private const string Password = "a long enough passphrase";
    private const string Mia = "mia@marketing.test";
    private readonly PasswordChecks _checks = new();
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _stack = await TestStack.StartAsync(smtp: false, configure: o => o with
        {
            Services = services => services.AddSingleton(_checks).AddScoped<IPasswordHasher<NurtureUser>, CountingHasher>(),
        });
        _host = _stack.Host;
        (await _host.Client.PostAsJsonAsync("/api/users", new { email = Mia, role = Roles.Marketer, password = Password })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_after_the_same_work()
    {
        using var client = From("198.51.100.1");
        var before = _checks.Count;
        var unknown = await client.SignInAsync("nobody@marketing.test", "a wrong password");
        var afterUnknown = _checks.Count;
        var known = await client.SignInAsync(Mia, "a wrong password");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unknown.StatusCode, known.StatusCode));
        Assert.Equal(await ProblemAsync(unknown), await ProblemAsync(known));
        Assert.Equal((1, 1), (afterUnknown - before, _checks.Count - afterUnknown)); // one password hash checked each
    }

    [Fact]
    public async Task Wrong_passwords_double_their_senders_wait_while_the_owner_signs_in_elsewhere()
    {
        using var guesser = From("198.51.100.2");
        for (var i = 1; i <= 4; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SignInAsync(Mia, $"guess {i}")).StatusCode);

        var refused = await guesser.SignInAsync(Mia, Password); // even the right one: refused unchecked while it waits
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        using (var owner = From("203.0.113.9"))
            Assert.Equal(HttpStatusCode.OK, (await owner.SignInAsync(Mia, Password)).StatusCode);

        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SignInAsync(Mia, "guess 5")).StatusCode);
        Assert.Equal("2", (await guesser.SignInAsync(Mia, "guess 6")).Headers.GetValues("Retry-After").Single()); // doubled
        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SignInAsync(Mia, "guess 7")).StatusCode);
        Assert.Equal("4", (await guesser.SignInAsync(Mia, "guess 8")).Headers.GetValues("Retry-After").Single());

        _host.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync(Mia, Password)).StatusCode); // the right one, once the wait is over
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SignInAsync(Mia, "guess 9")).StatusCode); // and it starts afresh
    }

    [Theory]
    [InlineData(Mia)]
    [InlineData("nobody@marketing.test")]
    public async Task Many_strangers_close_an_address_to_new_clients_for_a_while_but_never_to_the_owners_device(string address)
    {
        using var owner = From("203.0.113.10");
        Assert.Equal(HttpStatusCode.OK, (await owner.SignInAsync(Mia, Password)).StatusCode); // this device is now known

        for (var i = 1; i <= 10; i++)
        {
            using var stranger = From($"198.51.100.{100 + i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.SignInAsync(address, "a stranger's guess")).StatusCode);
        }
        using var newClient = From("198.51.100.200");
        var closed = await newClient.SignInAsync(address, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, closed.StatusCode); // an unknown address is closed alike: nothing told
        Assert.Equal("900", closed.Headers.GetValues("Retry-After").Single());
        if (address == Mia)
            Assert.Equal(HttpStatusCode.OK, (await owner.SignInAsync(Mia, Password)).StatusCode); // from the device it signed in from

        _host.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(address == Mia ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, (await newClient.SignInAsync(address, Password)).StatusCode);
    }

    [Fact]
    public async Task A_client_past_its_attempts_per_minute_gets_429_with_retry_after()
    {
        await _stack.StopHostAsync();
        _host = await _stack.StartHostAsync(o => o.WithSetting("Accounts:LoginAttemptsPerMinute", "4"));
        using var busy = From("198.51.100.3");
        for (var i = 0; i < 4; i++)
            await busy.SignInAsync($"someone{i}@example.com", "whatever it is");
        var limited = await busy.SignInAsync("someone-else@example.com", "whatever it is");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many sign-in attempts", problem.GetProperty("title").GetString());
        using var other = From("198.51.100.4");
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SignInAsync("someone@example.com", "whatever it is")).StatusCode);
    }

    private static async Task<(string?, string?)> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
    }

    private SessionClient From(string address)
    {
        var client = new SessionClient(_host.BaseAddress);
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    public sealed class PasswordChecks
    {
        private int _count;
        public int Count => _count;
        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHasher(PasswordChecks checks, IOptions<PasswordHasherOptions> options) : PasswordHasher<NurtureUser>(options)
    {
        public override PasswordVerificationResult VerifyHashedPassword(NurtureUser user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
