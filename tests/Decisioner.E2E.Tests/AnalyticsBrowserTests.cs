using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>Counting in a real browser with script (steps inside the live page), and the staff page that shows the figures.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalyticsBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task WithScript_AWholeQuizIsCountedOnce_AndTheFiguresPageShowsIt()
    {
        await using var site = new SiteProcess(TestPaths.Content, "Analytics:FlushSeconds=1");
        var password = await site.AddStaffAsync("admissions@example.org", "admissions");
        await site.StartAsync();
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(site.BaseUrl + "/quiz/rag-vs-fine-tuning");
        await page.Locator("[data-interactive=true]").First.WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the quiz" }).ClickAsync();
        for (var step = 1; step <= ShippedQuiz.QuestionCount; step++)
        {
            await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(step));
            await page.Locator("label.option").First.ClickAsync();
            await page.Locator("form.quiz-form button[type=submit]").ClickAsync();
        }

        await page.WaitForURLAsync("**/result?**");
        await Assertions.Expect(page.Locator("h1")).Not.ToBeEmptyAsync();

        var counts = await StoredQuizCounts.WaitForAsync(site, c => c.GetValueOrDefault(("completed", "")) == 1);
        counts[("start", "")].Should().Be(1, "the live page counts its own steps, and the request for the page is not a start");
        counts.Where(c => c.Key.Metric == "shown").Should().HaveCount(ShippedQuiz.QuestionCount).And.OnlyContain(c => c.Value == 1);
        counts.Where(c => c.Key.Metric == "answered").Sum(c => c.Value).Should().Be(ShippedQuiz.QuestionCount, string.Join(", ", counts.Select(c => $"{c.Key.Metric}/{c.Key.Key}={c.Value}")));
        counts.Where(c => c.Key.Metric == "drop-off").Sum(c => c.Value).Should().Be(0, "a finished session dropped off nowhere");
        counts.Keys.Should().NotContain(k => k.Metric == "link-opened", "the result was reached from the quiz");

        // The staff page: sign in, see the figures (one session: every figure reads "fewer than 5").
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/staff/analytics", "admissions@example.org", password);
        await Assertions.Expect(page.Locator("table.figure-table").First).ToContainTextAsync("fewer than 5");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "staff-analytics-one-session");

        // On a phone, in dark mode.
        await page.SetViewportSizeAsync(360, 800);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
        wide.Should().BeEmpty("no sideways scrolling on a phone");
    }

    [BrowserFact]
    public async Task SignInPage_HasNoWcagViolations_InLightAndDarkMode()
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await fixture.NewPageAsync(scheme: scheme);
            await page.GotoAsync(fixture.Site.BaseUrl + "/account/sign-in");
            (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        }
    }
}
