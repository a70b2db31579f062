using Microsoft.Extensions.Options;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Delivery;

/// <summary>The addresses the server sends from, bounces to and hands leads to are checked at start, naming the setting.</summary>
public sealed class AddressSettingsTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync("Sqlite", smtp: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("Email:From", "Acme <news@acme>", "Email:From must be an address such as 'Acme <news@acme.example>'.")]
    [InlineData("Email:From", "not an address", "Email:From must be an address such as 'Acme <news@acme.example>'.")]
    [InlineData("Email:BounceAddress", "Bounces <bounces@acme.example>", "Email:BounceAddress must be an address such as 'bounces@acme.example'.")]
    [InlineData("Sales:DefaultRepEmail", "sales@team", "Sales:DefaultRepEmail must be an address such as 'sales@acme.example'.")]
    public async Task An_address_setting_that_is_no_plain_address_stops_start_up_and_is_named(string setting, string value, string message)
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _stack.StartHostAsync(o => o.WithSetting(setting, value)));
        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public async Task A_sender_with_a_display_name_is_accepted()
    {
        await _stack.StopHostAsync();
        var host = await _stack.StartHostAsync(o => o.WithSetting("Email:From", "Acme Marketing <news@acme.example>"));
        Assert.Equal("Acme Marketing <news@acme.example>", host.Service<IOptions<Nurture.Core.Messaging.EmailOptions>>().Value.From);
    }
}
