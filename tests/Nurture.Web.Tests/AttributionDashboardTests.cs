using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

/// <summary>The dashboard's attribution in Chromium: a lead handed to sales is credited to the journey it entered, under each model picked.</summary>
[Collection(WebCollection.Name)]
public sealed class AttributionDashboardTests(WebAppFixture app)
{
    [Fact]
    public async Task The_dashboard_credits_a_new_mql_to_its_journey_under_the_model_picked()
    {
        await app.HandedOffLeadAsync(new { email = "attributed@example.com", firstName = "Atty" });
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/dashboard");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Attribution" });
        await Expect(section.GetByTestId("attribution-summary")).ToContainTextAsync("each conversion's credit sums to 1");

        var journeys = section.GetByRole(AriaRole.Table, new() { Name = "Journeys" });
        await section.GetByLabel("Conversion", new() { Exact = true }).SelectOptionAsync("Mql");
        await Expect(journeys.GetByRole(AriaRole.Row).Filter(new() { HasText = "welcome-nurture" })).ToBeVisibleAsync();

        // First touch: the journey the lead entered takes each of its conversions whole, so its credit is a whole number.
        await section.GetByLabel("Model", new() { Exact = true }).SelectOptionAsync("first");
        var row = journeys.GetByRole(AriaRole.Row).Filter(new() { HasText = "welcome-nurture" });
        await Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d*\.00$"));
        Assert.True(app.ScriptErrors.IsEmpty, string.Join(Environment.NewLine, app.ScriptErrors));
    }
}
