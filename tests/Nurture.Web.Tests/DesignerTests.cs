using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Nurture.Web.Tests;

[Collection(WebCollection.Name)]
public sealed partial class DesignerTests(WebAppFixture app)
{
    [Fact]
    public async Task A_marketer_builds_a_journey_by_drag_and_drop_fixes_its_error_publishes_it_and_sees_a_lead_waiting_on_the_right_step()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail);
        Assert.EndsWith("/dashboard", page.Url, StringComparison.Ordinal);

        // A new journey from the list.
        await page.GetByRole(AriaRole.Link, new() { Name = "Journeys" }).ClickAsync();
        await page.GetByLabel("Id").FillAsync("web-built");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Built in the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Built in the browser" })).ToBeVisibleAsync();

        // Three steps dragged from the toolbox built from GET /api/activities.
        var canvas = page.GetByTestId("canvas");
        await DragAsync(page, "SendEmail", canvas, 250, 60);
        await Expect(page.GetByTestId("node-sendemail-1")).ToBeVisibleAsync();
        await DragAsync(page, "Delay", canvas, 250, 260);
        await Expect(page.GetByTestId("node-delay-1")).ToBeVisibleAsync();
        await DragAsync(page, "SendEmail", canvas, 250, 460);
        await Expect(page.GetByTestId("node-sendemail-2")).ToBeVisibleAsync();
        await Expect(page.Locator(".activity-node")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync(); // and leaving the page would ask first

        // Only the first port is connected; the properties are set in the panel.
        await ConnectAsync(page, "sendemail-1", "Done", "delay-1");
        await SetAsync(page, "sendemail-1", "template", "welcome");
        await SetAsync(page, "delay-1", "duration", "P2D");
        await SetAsync(page, "sendemail-2", "template", "follow-up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview follow-up" }).ClickAsync();
        await Expect(page.FrameLocator("iframe[title='Preview of follow-up']").Locator("body")).ToContainTextAsync("Ada"); // the sample lead

        // The server's validation lands on the unconnected step.
        var loose = page.GetByTestId("node-sendemail-2").Locator(".node-error");
        await Expect(loose).ToContainTextAsync("not connected");
        await Expect(page.GetByTestId("node-delay-1").Locator(".node-error")).ToHaveCountAsync(0);

        // Publishing with the error is refused; connecting the port fixes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Not published");
        await ConnectAsync(page, "delay-1", "Done", "sendemail-2");
        await Expect(loose).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published version 1");
        await Expect(page.GetByTestId("journey-status")).ToContainTextAsync("published v1");
        await Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);

        // A lead created through the API starts the journey (LeadCreated), gets the email and waits on the delay.
        await Expect(page.GetByTestId("stats-delay-1")).ToContainTextAsync("waiting 0");
        await app.Host.CreateLeadAsync(new { email = "canvas@example.com", firstName = "Cass" });
        await Expect(page.GetByTestId("stats-delay-1")).ToContainTextAsync("waiting 1", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("stats-sendemail-1")).ToContainTextAsync("passed 1");
        await Expect(page.GetByTestId("stats-sendemail-2")).ToContainTextAsync("waiting 0");

        await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.Screenshots, "designer-built.png"), FullPage = true });
    }

    [Fact]
    public async Task Undo_redo_auto_layout_renaming_and_deleting_steps_keep_the_connections_right()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/undo-check?name=Undo");
        await DragAsync(page, "Delay", page.GetByTestId("canvas"), 200, 80);
        await DragAsync(page, "Exit", page.GetByTestId("canvas"), 200, 300);
        await Expect(page.Locator(".activity-node")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Expect(page.Locator(".activity-node")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Redo" }).ClickAsync();
        await Expect(page.Locator(".activity-node")).ToHaveCountAsync(2);

        await ConnectAsync(page, "delay-1", "Done", "exit-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Auto-layout" }).ClickAsync();
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(1);
        var delay = await page.GetByTestId("node-delay-1").BoundingBoxAsync();
        var exit = await page.GetByTestId("node-exit-1").BoundingBoxAsync();
        Assert.True(exit!.Y > delay!.Y + delay.Height, "auto-layout puts the exit below the delay it follows");

        // A step can be given a readable id; its connections follow; an unusable id is refused.
        await page.GetByTestId("node-delay-1").Locator(".node-type").ClickAsync();
        await page.GetByLabel("Step id").FillAsync("has space");
        await page.GetByLabel("Step id").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "An id is letters" })).ToBeVisibleAsync();
        await page.GetByLabel("Step id").FillAsync("wait-a-bit");
        await page.GetByLabel("Step id").PressAsync("Enter");
        await Expect(page.GetByTestId("node-wait-a-bit")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='rf__edge-wait-a-bit:Done->exit-1']")).ToHaveCountAsync(1);

        // Deleting the selected step removes its connection too.
        await page.GetByTestId("node-exit-1").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete activity" }).ClickAsync();
        await Expect(page.Locator(".activity-node")).ToHaveCountAsync(1);
        await Expect(page.Locator(".react-flow__edge")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_elsa_export_is_imported_as_a_draft_and_opens_in_the_designer_with_what_was_not_mapped()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/welcome-nurture");
        await page.GetByLabel("Import an Elsa 3 workflow (JSON)").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "elsa-3.1-onboarding.json"));

        await page.WaitForURLAsync(url => url.EndsWith("/journeys/onboarding-flow", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported from Elsa as a draft (1 unmapped)");
        await Expect(page.GetByTestId("node-wait").Locator(".node-summary")).ToHaveTextAsync("wait P2D");
        await Expect(page.GetByTestId("node-log").Locator(".node-type")).ToHaveTextAsync("Opaque");
        await Expect(page.GetByTestId("node-log").Locator(".node-error")).Not.ToHaveCountAsync(0); // an opaque step cannot be published
        await Expect(page.GetByTestId("journey-status")).ToContainTextAsync("draft");
    }

    [Fact]
    public async Task A_condition_is_built_from_rules_without_writing_json()
    {
        var page = await app.SignInAsync(WebAppFixture.MarketerEmail, "/journeys/condition-check?name=Conditions");
        await page.Locator("button.tool[data-activity='Condition']").ClickAsync(); // the keyboard way: press to add
        await Expect(page.GetByTestId("node-condition-1").Locator(".node-error")).ToContainTextAsync("condition");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a rule" }).ClickAsync();
        await page.GetByLabel("Field 1").SelectOptionAsync("country");
        await page.GetByLabel("Operator 1").SelectOptionAsync("in");
        await page.GetByLabel("Value 1").FillAsync("UK, IE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a rule" }).ClickAsync();
        await page.GetByLabel("Field 2").SelectOptionAsync("score");
        await page.GetByLabel("Operator 2").SelectOptionAsync("gte");
        await page.GetByLabel("Value 2").FillAsync("50");
        await page.GetByLabel("Match").SelectOptionAsync("any");
        await Expect(page.GetByTestId("node-condition-1").Locator(".node-summary")).ToHaveTextAsync("if any of 2 rules");
        await Expect(page.GetByTestId("node-condition-1").Locator(".node-error")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved");
        var journey = await app.Host.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/journeys/condition-check");
        var condition = journey.GetProperty("draft").GetProperty("activities")[0].GetProperty("properties").GetProperty("condition");
        Assert.Equal("""{"any":[{"field":"country","operator":"in","value":["UK","IE"]},{"field":"score","operator":"gte","value":50}]}""", condition.GetRawText());
    }

    private static async Task DragAsync(IPage page, string activity, ILocator canvas, float x, float y) =>
        await page.Locator($"button.tool[data-activity='{activity}']").DragToAsync(canvas, new() { TargetPosition = new() { X = x, Y = y } });

    /// <summary>Drags from an outcome port to the input port of another step, as a marketer does with the mouse.</summary>
    internal static async Task ConnectAsync(IPage page, string from, string outcome, string to)
    {
        // A validation still pending would resize the steps it lands on and move the ports under the mouse.
        await Expect(page.GetByTestId("canvas")).ToHaveAttributeAsync("aria-busy", "false");
        var source = page.GetByTestId($"node-{from}").Locator($".react-flow__handle.source[data-handleid='{outcome}']");
        var target = page.GetByTestId($"node-{to}").Locator(".react-flow__handle.target");
        var a = (await source.BoundingBoxAsync())!;
        var b = (await target.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(a.X + (a.Width / 2), a.Y + (a.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(b.X + (b.Width / 2), b.Y + (b.Height / 2), new() { Steps = 12 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator($"[data-testid='rf__edge-{from}:{outcome}->{to}']")).ToHaveCountAsync(1);
    }

    private static async Task SetAsync(IPage page, string node, string property, string value)
    {
        await page.GetByTestId($"node-{node}").Locator(".node-type").ClickAsync();
        var field = page.Locator($"#prop-{node}-{property}");
        if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            await field.SelectOptionAsync(value);
        else
            await field.FillAsync(value);
        await Expect(page.GetByTestId($"node-{node}").Locator(".node-summary")).ToContainTextAsync(new Regex(Regex.Escape(value)));
    }
}
