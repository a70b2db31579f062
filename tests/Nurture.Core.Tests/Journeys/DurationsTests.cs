using Nurture.Core.Journeys.Activities;

namespace Nurture.Core.Tests.Journeys;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("PT15M", 0.25 / 24)]
    [InlineData("P3D", 3)]
    [InlineData("P1M", 30)]
    [InlineData("P6M", 180)]
    [InlineData("P12M", 365)]
    [InlineData("P1Y", 365)]
    public void Iso_durations_parse(string text, double days)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(days, duration.TotalDays, precision: 6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3 days")]
    [InlineData("PT0S")]
    [InlineData("-P1D")]
    public void Bad_durations_are_refused(string? text) => Assert.False(Durations.TryParse(text, out _));
}
