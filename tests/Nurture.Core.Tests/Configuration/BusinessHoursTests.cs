using Nurture.Core.Configuration;

namespace Nurture.Core.Tests.Configuration;

public sealed class BusinessHoursTests
{
    private static readonly BusinessHours Weekdays = new() { Start = "09:00", End = "17:00" };

    [Fact]
    public void Inside_the_hours_is_now()
    {
        var tuesdayNoonParis = new DateTimeOffset(2026, 3, 3, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(tuesdayNoonParis, Weekdays.NextOpening(tuesdayNoonParis, "Europe/Paris"));
    }

    [Fact]
    public void After_hours_on_a_friday_is_monday_morning_in_the_leads_zone()
    {
        var fridayEveningNewYork = new DateTimeOffset(2026, 3, 6, 23, 0, 0, TimeSpan.Zero); // 18:00 EST
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.FromHours(-4)), Weekdays.NextOpening(fridayEveningNewYork, "America/New_York"));
    }

    [Fact]
    public void An_unknown_zone_counts_as_UTC()
    {
        var earlyMonday = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), Weekdays.NextOpening(earlyMonday, "Mars/Olympus"));
    }

    [Theory]
    [InlineData("9am", "17:00", "start and end must be HH:mm")]
    [InlineData("17:00", "09:00", "end (09:00) must be after start (17:00).")]
    public void Hours_that_cannot_be_kept_are_refused(string start, string end, string problem) =>
        Assert.StartsWith(problem, new BusinessHours { Start = start, End = end }.Problem(), StringComparison.Ordinal);
}
