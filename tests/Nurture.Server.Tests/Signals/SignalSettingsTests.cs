using Microsoft.Extensions.Options;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Signals;

/// <summary>The bulk lane's share of a busy server is checked at start, naming the setting.</summary>
public sealed class SignalSettingsTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync("Sqlite", smtp: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Theory]
    [InlineData("1")]
    [InlineData("-0.1")]
    public async Task A_bulk_share_outside_zero_to_under_one_stops_start_up_and_is_named(string value)
    {
        await _stack.StopHostAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => _stack.StartHostAsync(o => o.WithSetting("Signals:BulkShare", value)));
        Assert.Contains(error.Failures, f => f.StartsWith("Signals:BulkShare must be at least 0 and under 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bulk_share_of_a_fifth_is_taken()
    {
        await _stack.StopHostAsync();
        var host = await _stack.StartHostAsync(o => o.WithSetting("Signals:BulkShare", "0.2"));
        Assert.Equal(0.2, host.Service<IOptions<SignalOptions>>().Value.BulkShare);
    }
}
