using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>The per-client cap on open circuits holds in a real browser, and a refused visitor still gets a working quiz.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitCapTests(BrowserFixture fixture)
{
    private const int Cap = 3;

    [BrowserFact]
    public async Task MoreQuizzesThanTheCap_OpenOnlyCapCircuits_AndTheRestWorkAsPlainForms()
    {
        await using var site = new SiteProcess(null, $"Limits:MaxCircuitsPerClient={Cap}", "Diagnostics:Enabled=true");
        var password = await site.AddStaffAsync("ops@example.org", "admin");
        await site.StartAsync();
        var memory = await SiteMemory.ForAdminAsync(site.BaseUrl, "ops@example.org", password);

        var pages = new List<IPage>();
        for (var i = 0; i < Cap + 2; i++)
        {
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseUrl });
            var page = await context.NewPageAsync();
            pages.Add(page);
            if (i < Cap)
            {
                await page.GotoAsync("/quiz/rag-vs-fine-tuning?at=gap");
                await page.Locator("[data-interactive=true]").WaitForAsync();
            }
            else
            {
                // Over the cap: the page's first request to /_blazor is refused, and Blazor does not start.
                await page.RunAndWaitForResponseAsync(
                    () => page.GotoAsync("/quiz/rag-vs-fine-tuning?at=gap"),
                    response => response.Url.Contains("/_blazor", StringComparison.Ordinal) && response.Status == 429);
            }
        }

        // The ones over the cap stay on the prerendered page.
        var interactive = 0;
        foreach (var page in pages)
        {
            interactive += await page.Locator("[data-interactive=true]").CountAsync();
        }

        interactive.Should().Be(Cap);
        (await memory.MeasureAsync()).OpenCircuits.Should().Be(Cap);

        // A refused visitor answers and goes on: the plain form takes them to the next question.
        var refused = pages[^1];
        (await refused.Locator("#components-reconnect-modal[open]").CountAsync()).Should().Be(0, "no reconnect dialog covers the page");
        await refused.Locator("label.option", new() { HasText = "Wrong style, tone or output format" }).ClickAsync();
        await refused.Locator("form.quiz-form button[type=submit]").ClickAsync();
        await Assertions.Expect(refused.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(2));
        refused.Url.Should().Contain("gap=behavior");
        await BrowserFixture.ScreenshotAsync(refused, "quiz-over-circuit-cap");

        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }
}
