using Nurture.Core.Leads.Geography;

namespace Nurture.Core.Tests.Leads;

public sealed class GeographyTests
{
    [Theory]
    [InlineData("UK", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("gb", "GB")]
    [InlineData("GBR", "GB")]
    [InlineData("France", "FR")]
    [InlineData("fr", "FR")]
    [InlineData(" france ", "FR")]
    [InlineData("United States", "US")]
    [InlineData("Germany", "DE")]
    [InlineData("Korea (South)", "KR")]
    [InlineData("EL", "GR")]
    public void Countries_in_any_usual_form_become_their_ISO_code(string given, string code)
    {
        Assert.True(Countries.TryNormalize(given, out var normalized));
        Assert.Equal(code, normalized);
        Assert.True(Countries.IsRecognized(normalized));
    }

    [Theory]
    [InlineData("Narnia")]
    [InlineData("ZZ")]
    [InlineData("")]
    public void A_value_that_names_no_country_is_not_normalised(string given)
    {
        Assert.False(Countries.TryNormalize(given, out _));
        Assert.False(Countries.IsRecognized(given));
    }

    [Theory]
    [InlineData("FR", "Europe/Paris")]
    [InlineData("GB", "Europe/London")]
    [InlineData("JP", "Asia/Tokyo")]
    [InlineData("DE", "Europe/Berlin")] // Büsingen keeps Zurich's clock, which is Berlin's
    public void A_country_with_one_clock_gives_its_zone(string country, string zone)
    {
        Assert.Equal((zone, TimeZoneSource.Country), TimeZoneInference.Infer(country, phone: null, "UTC"));
    }

    [Fact]
    public void A_country_with_several_clocks_leaves_the_zone_to_the_phone_number()
    {
        Assert.Null(TimeZoneInference.ZoneOfCountry("US"));
        // A Manhattan landline: Eastern time.
        Assert.Equal(("America/New_York", TimeZoneSource.Phone), TimeZoneInference.Infer("US", "+1 212 555 0123", "UTC"));
    }

    [Fact]
    public void A_phone_number_alone_gives_the_zone_of_its_area_or_country()
    {
        Assert.Equal(("Europe/Paris", TimeZoneSource.Phone), TimeZoneInference.Infer(null, "+33 1 42 68 53 00", "UTC"));
        Assert.Equal(("Europe/London", TimeZoneSource.Phone), TimeZoneInference.Infer("Narnia", "+44 7400 123456", "UTC"));
    }

    [Fact]
    public void Nothing_to_go_on_gives_the_default()
    {
        Assert.Equal(("Europe/Madrid", TimeZoneSource.Default), TimeZoneInference.Infer("US", "12345", "Europe/Madrid"));
        Assert.Equal(("UTC", TimeZoneSource.Default), TimeZoneInference.Infer(null, null, "UTC"));
    }
}
