using Microsoft.Extensions.Options;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Hosting;

/// <summary>
/// A bad setting stops the start-up with a message that names the key and the value (or, for an address,
/// the shape it must have), instead of surfacing later; a good one is taken as given.
/// </summary>
public sealed class OptionsValidationTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync("Sqlite", smtp: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("Email:Smtp:Security", "Tls13", "Email:Smtp:Security must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable (got 'Tls13').")]
    [InlineData("Email:DefaultTimeZone", "Mars/Olympus", "Email:DefaultTimeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC' (got 'Mars/Olympus').")]
    [InlineData("Email:Workers", "0", "Email:Workers must be between 1 and 32 (got 0).")]
    [InlineData("Journeys:SweepWorkers", "0", "Journeys:SweepWorkers must be between 1 and 16 (got 0).")]
    [InlineData("Tracking:PublicBaseUrl", "ftp://go.acme.example", "Tracking:PublicBaseUrl must be an absolute http(s) address such as 'https://go.acme.example' (got 'ftp://go.acme.example').")]
    [InlineData("Scoring:DnsServers:0", "resolver", "Scoring:DnsServers: 'resolver' is not an address such as '9.9.9.9' or '9.9.9.9:53'.")]
    [InlineData("Webhooks:Secret", "too-short", "Webhooks:Secret must be at least 32 characters (got 9).")]
    [InlineData("Webhooks:JourneySecret", "test-webhook-secret-0123456789-abcdefghij", "Webhooks:JourneySecret must differ from Webhooks:Secret: journeys must not be able to sign as the CRM handoff.")]
    [InlineData("Webhooks:AllowedHosts:0", "http://hooks.internal/", "Webhooks:AllowedHosts has 'http://hooks.internal/', which is not a host name or address (no scheme, port or path).")]
    [InlineData("Sales:RecycleCooldown", "-1.00:00:00", "Sales:RecycleCooldown must be 0 or more (got '-1.00:00:00').")]
    [InlineData("Signals:BatchSize", "0", "Signals:BatchSize must be between 1 and 1000 (got 0).")]
    [InlineData("Signals:BulkShare", "1", "Signals:BulkShare must be at least 0 and under 1 (0.1 keeps a tenth of the time for scoring opens under load; got 1).")]
    [InlineData("Signals:BulkShare", "-0.1", "Signals:BulkShare must be at least 0 and under 1 (0.1 keeps a tenth of the time for scoring opens under load; got -0.1).")]
    [InlineData("Email:From", "Acme <news@acme>", "Email:From must be an address such as 'Acme <news@acme.example>'.")]
    [InlineData("Email:From", "not an address", "Email:From must be an address such as 'Acme <news@acme.example>'.")]
    [InlineData("Email:BounceAddress", "Bounces <bounces@acme.example>", "Email:BounceAddress must be an address such as 'bounces@acme.example'.")]
    [InlineData("Sales:DefaultRepEmail", "sales@team", "Sales:DefaultRepEmail must be an address such as 'sales@acme.example'.")]
    public async Task A_bad_setting_stops_the_start_up_and_says_which_and_what(string setting, string value, string message)
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _stack.StartHostAsync(o => o.WithSetting(setting, value)));
        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task Smtp_credentials_need_tls_unless_relaxed_on_purpose()
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _stack.StartHostAsync(o => o.WithSetting("Email:Smtp:Username", "nurture")
            .WithSetting("Email:Smtp:Password", "secret").WithSetting("Email:Smtp:Security", "StartTlsWhenAvailable")));
        Assert.Contains(error.Failures, f => f.StartsWith("Email:Smtp:Security must be StartTls or SslOnConnect when Email:Smtp:Username is set (got 'StartTlsWhenAvailable')", StringComparison.Ordinal));

        await _stack.StartHostAsync(o => o.WithSetting("Email:Smtp:Username", "nurture").WithSetting("Email:Smtp:Password", "secret")
            .WithSetting("Email:Smtp:Security", "None").WithSetting("Email:Smtp:AllowCredentialsWithoutTls", "true"));
    }

    [Fact]
    public async Task A_sender_with_a_display_name_is_accepted()
    {
        await _stack.StopHostAsync();
        var host = await _stack.StartHostAsync(o => o.WithSetting("Email:From", "Acme Marketing <news@acme.example>"));
        Assert.Equal("Acme Marketing <news@acme.example>", host.Service<IOptions<Nurture.Core.Messaging.EmailOptions>>().Value.From);
    }

    [Fact]
    public async Task A_bulk_share_of_a_fifth_is_taken()
    {
        await _stack.StopHostAsync();
        var host = await _stack.StartHostAsync(o => o.WithSetting("Signals:BulkShare", "0.2"));
        Assert.Equal(0.2, host.Service<IOptions<Nurture.Core.Signals.SignalOptions>>().Value.BulkShare);
    }
}
