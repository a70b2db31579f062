using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;

namespace Nurture.Core.Tests.Journeys;

public sealed class DateTriggerScheduleTests
{
    private static Lead Lead(string? renewal, string zone = "UTC", DateTimeOffset? createdAt = null)
    {
        var lead = new Lead { Email = "x@example.com", TimeZone = zone, CreatedAt = createdAt ?? new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero) };
        if (renewal is not null)
            lead.SetField("renewalDate", renewal);
        return lead;
    }

    private static JourneyTrigger Trigger(string field, string? offset = null, string? every = null, string? at = null) =>
        new() { Type = JourneyTriggerTypes.DateReached, Field = field, Offset = offset, Every = every, At = at };

    [Fact]
    public void Thirty_days_before_a_date_is_at_nine_in_the_leads_zone_and_only_once()
    {
        var trigger = Trigger("renewalDate", "-P30D");
        var lead = Lead("2026-07-01", "America/New_York");

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 13, 0, 0, TimeSpan.Zero), DateTriggers.NextDue(lead, trigger, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(DateTriggers.NextDue(lead, trigger, new DateTimeOffset(2026, 6, 1, 13, 0, 0, TimeSpan.Zero)));
        Assert.Null(DateTriggers.NextDue(Lead(null), trigger, DateTimeOffset.MinValue));
    }

    [Fact]
    public void A_yearly_anniversary_of_the_29th_of_February_falls_on_the_28th_then_the_29th_again()
    {
        var trigger = Trigger(DateTriggers.CreatedAt, every: "P1Y", at: "08:00");
        var lead = Lead(null);

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 8, 0, 0, TimeSpan.Zero), DateTriggers.NextDue(lead, trigger, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 8, 0, 0, TimeSpan.Zero), DateTriggers.NextDue(lead, trigger, new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        // Decades on, still the next one, found without walking every year.
        Assert.Equal(new DateTimeOffset(2124, 2, 29, 8, 0, 0, TimeSpan.Zero), DateTriggers.NextDue(lead, trigger, new DateTimeOffset(2124, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("P1Y", 1, 0, 0)]
    [InlineData("-P30D", 0, 0, -30)]
    [InlineData("P1M2W", 0, 1, 14)]
    public void Date_periods_are_read_on_the_calendar(string text, int years, int months, int days)
    {
        Assert.True(CalendarPeriod.TryParse(text, out var period));
        Assert.Equal(new CalendarPeriod(years, months, days), period);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT1H")]
    [InlineData("yearly")]
    [InlineData("P1Y-")]
    public void What_is_no_date_period_is_refused(string text) => Assert.False(CalendarPeriod.TryParse(text, out _));
}
