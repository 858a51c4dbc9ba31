using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class QuizBrowserTests(BrowserFixture fixture)
{
    private const string Quiz = "/quiz/rag-vs-fine-tuning";

    /// <summary>The shipped brand-voice persona, as the option number to press for each question (0 = skip).</summary>
    private static readonly int[] BrandVoiceKeys = ShippedQuiz.OptionKeysOf("brand-voice support replies");

    private const string BrandVoiceHeadline = "Fine-tuning: fine-tune and compare with your best prompt";

    /// <summary>The brand-voice team before it said how far it pushed prompting: training waits on prompting.</summary>
    private const string PromptingFirstHeadline = "Fine-tuning, confirm readiness first: push prompting as far as it goes; fine-tune only if it falls short";

    /// <summary>
    /// Waits until a quiz page's circuit has rendered it interactively (it then marks itself
    /// data-interactive). Result pages are static, with a script-enhanced form: ready once loaded.
    /// </summary>
    private static async Task WaitForInteractiveAsync(IPage page)
    {
        if (!page.Url.Contains("/result", StringComparison.Ordinal))
        {
            await page.Locator("[data-interactive=true]").First.WaitForAsync();
        }
    }

    private static async Task<string> FocusedTextAsync(IPage page) =>
        await page.EvaluateAsync<string>("() => (document.activeElement?.textContent ?? '').replace(/\\s+/g, ' ').trim()");

    [BrowserFact]
    public async Task KeyboardOnly_WalkthroughReachesTheResult_WithFocusOnEachNewQuestion()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Quiz);
        await WaitForInteractiveAsync(page);

        // From the top of the page, Tab to "Start the quiz" and press Enter.
        for (var i = 0; i < 20 && await FocusedTextAsync(page) != "Start the quiz"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        (await FocusedTextAsync(page)).Should().Be("Start the quiz");
        await page.Keyboard.PressAsync("Enter");

        for (var step = 0; step < BrandVoiceKeys.Length; step++)
        {
            await page.WaitForFunctionAsync($"() => document.activeElement?.textContent?.includes('{ShippedQuiz.StepHeading(step + 1)}')");
            if (BrandVoiceKeys[step] > 0)
            {
                await page.Keyboard.PressAsync(BrandVoiceKeys[step].ToString(System.Globalization.CultureInfo.InvariantCulture));
                await page.WaitForFunctionAsync($"() => document.querySelectorAll('form.quiz-form input[type=radio]')[{BrandVoiceKeys[step] - 1}].checked");
            }

            if (step == 5)
            {
                await BrowserFixture.ScreenshotAsync(page, "quiz-question-desktop");
            }

            await page.Keyboard.PressAsync("Enter");
        }

        // Polled: the cached result can arrive by enhanced navigation before a navigation wait is set up.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/quiz/rag-vs-fine-tuning/result\\?"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(BrandVoiceHeadline);
        page.Url.Should().Contain("gap=behavior").And.Contain("examples=50-500").And.Contain("capacity=managed-service");
        await BrowserFixture.ScreenshotAsync(page, "result-desktop");
    }

    [BrowserFact]
    public async Task Reload_InTheMiddle_ResumesAtTheSameQuestionWithEveryAnswer()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Quiz + "?at=gap");
        await WaitForInteractiveAsync(page);

        await page.Locator("label.option", new() { HasText = "It lacks our knowledge and behaves wrongly" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(2));
        await page.Locator("label.option", new() { HasText = "Some of it" }).ClickAsync();
        // The address changes through history.replaceState, not a navigation: poll it.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("facts-in-input=some"));

        await page.ReloadAsync();

        (await page.Locator("h1 .step").TextContentAsync()).Should().Be(ShippedQuiz.StepHeading(2));
        (await page.Locator("input[value=some]").IsCheckedAsync()).Should().BeTrue();
        (await page.Locator("input[type=hidden][name=gap]").GetAttributeAsync("value")).Should().Be("both");
    }

    [BrowserFact]
    public async Task ServerRestart_InTheMiddle_ThePageResumes()
    {
        await using var site = new SiteProcess();
        await site.StartAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + Quiz + "?at=examples&gap=behavior&change-rate=rarely");
        await WaitForInteractiveAsync(page);
        await page.Locator("label.option", new() { HasText = "More than 500" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("examples=over-500"));

        await site.KillAsync();
        await site.StartAsync();
        await page.ReloadAsync();

        (await page.Locator("h1 .step").TextContentAsync()).Should().Be(ShippedQuiz.StepHeading(ShippedQuiz.StepOf("examples")));
        (await page.Locator("input[value=over-500]").IsCheckedAsync()).Should().BeTrue();
        await WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(ShippedQuiz.StepOf("examples") + 1));
        page.Url.Should().Contain("gap=behavior").And.Contain("change-rate=rarely").And.Contain("examples=over-500");
    }

    [BrowserFact]
    public async Task WithJavaScriptDisabled_TheSameAnswersReachTheSameResult()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync(Quiz);
        await page.GetByRole(AriaRole.Link, new() { Name = "Start the quiz" }).ClickAsync();

        // Each submit is a full page load. The next step's heading is what the test waits for: waiting for the
        // load state instead raced with the navigation the click starts and once hung for 30 s on a busy CI run.
        var nextPage = new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 };
        for (var step = 0; step < BrandVoiceKeys.Length; step++)
        {
            await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(step + 1), nextPage);
            if (BrandVoiceKeys[step] > 0)
            {
                await page.Locator("form.quiz-form input[type=radio]").Nth(BrandVoiceKeys[step] - 1).CheckAsync();
            }

            await page.Locator("form.quiz-form button[type=submit]").ClickAsync();
        }

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(BrandVoiceHeadline, nextPage);
        (await page.Locator("[data-copy-link]").IsVisibleAsync()).Should().BeFalse("copying needs script, so the button is hidden");
        await BrowserFixture.ScreenshotAsync(page, "result-no-javascript");
    }

    [BrowserTheory]
    [InlineData(Quiz, "quiz-intro")]
    [InlineData(Quiz + "?at=gap&gap=behavior", "quiz-question")]
    [InlineData(Quiz + "?at=evaluation&presenter=1", "quiz-presenter")]
    [InlineData(Quiz + "/result?gap=behavior&change-rate=rarely&long-tail=little&target-clarity=precise&examples=50-500&evaluation=automated&prompting=exhausted&efficiency=hard-limit&capacity=managed-service", "result-fine-tuning")]
    [InlineData(Quiz + "/result?gap=missing-knowledge&change-rate=monthly&documents=organized&examples=over-500&evaluation=automated&capacity=own-infrastructure&colour=blue", "result-gated")]
    [InlineData(Quiz + "/result?gap=behavior&examples=none&prompting=not-yet&presenter=1", "result-behaviour-presenter")]
    [InlineData(Quiz + "/result?gap=missing-knowledge&facts-in-input=all", "result-set-aside")]
    public async Task QuizAndResultPages_HaveNoWcagViolations_InLightAndDarkMode(string path, string name)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await fixture.NewPageAsync(scheme: scheme);
            await page.GotoAsync(path);
            await WaitForInteractiveAsync(page);

            (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty($"{path} in {scheme} mode meets WCAG 2.1 AA");
            await BrowserFixture.ScreenshotAsync(page, $"{name}-{scheme.ToString().ToLowerInvariant()}");
        }
    }

    [BrowserTheory]
    [InlineData(Quiz + "?at=gap", "quiz-phone")]
    [InlineData(Quiz + "/result?gap=both&change-rate=yearly&long-tail=mostly&sources=required&examples=over-500&target-clarity=precise&evaluation=automated&capacity=own-infrastructure", "result-phone")]
    [InlineData(Quiz + "/result?gap=behavior&examples=none&prompting=not-yet", "result-behaviour-phone")]
    public async Task QuizAndResult_OnA360PixelPhone_HaveNoHorizontalScroll(string path, string name)
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);

        (await Accessibility.HasHorizontalScrollAsync(page)).Should().BeFalse();
        await BrowserFixture.ScreenshotAsync(page, name);
    }

    [BrowserFact]
    public async Task PresenterMode_PutsTheHeadlineAndThePlanFirst_InLargeType()
    {
        const string Address = Quiz + "/result?gap=behavior&examples=none&prompting=not-yet&presenter=1";
        var page = await fixture.NewPageAsync(width: 1280, height: 800);
        await page.GotoAsync(Address);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Fine-tuning, not yet: push prompting as far as it goes; fine-tune only if it falls short");
        var order = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.result > header, .result > section, .result > div')].map(e => e.className || e.tagName)");
        order[1].Should().Contain("plan", "the plan comes straight after the headline");
        var steps = await page.Locator(".plan-step .plan-text").AllTextContentsAsync();
        steps[0].Should().StartWith("Push prompting first");
        steps.Should().HaveCount(ScoringEngine.Recommend(QuizAddress.Parse(ShippedQuiz.Questionnaire, Address).Address.Answers).Plan.Count, "every step of the plan is shown");
        var sizes = await page.EvaluateAsync<double[]>("() => [getComputedStyle(document.querySelector('.plan-text')).fontSize, getComputedStyle(document.querySelector('.reasons p')).fontSize].map(parseFloat)");
        sizes[0].Should().BeGreaterThan(sizes[1], "presenter mode shows the plan in larger type than the details");
        (await page.Locator(".plan").BoundingBoxAsync())!.Y.Should().BeLessThan(800, "the plan starts on the first screen");
        await BrowserFixture.ScreenshotAsync(page, "result-behaviour-presenter-first-screen");
    }

    [BrowserFact]
    public async Task Result_PrintsWithoutSiteChromeOrControls()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Quiz + "/result?gap=behavior&examples=50-500&evaluation=automated&capacity=managed-service&target-clarity=precise");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        (await page.Locator(".site-header").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator(".site-footer").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator(".what-if").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator(".share").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator("h1").IsVisibleAsync()).Should().BeTrue();
        // On paper it is the one-page handout: the plan and the answers in brief, not the reason-by-reason scores.
        (await page.Locator(".handout-answers").IsVisibleAsync()).Should().BeTrue();
        (await page.Locator(".reasons").IsVisibleAsync()).Should().BeFalse();
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "result-print.pdf") });
    }

    [BrowserFact]
    public async Task WhatIfPanel_MovesTheOutcomeAtOnce()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(Quiz + "/result?gap=behavior&change-rate=rarely&target-clarity=precise&examples=50-500&evaluation=automated&capacity=managed-service&presenter=1");

        await page.Locator("#what-if-sources").SelectOptionAsync("required");

        await Assertions.Expect(page.Locator(".what-if-outcome strong")).ToHaveTextAsync("RAG and fine-tuning, confirm readiness first: push prompting as far as it goes; fine-tune only if it falls short");
        var href = await page.Locator(".what-if a.button").GetAttributeAsync("href");
        href.Should().Contain("sources=required").And.Contain("presenter=1");
        (await page.Locator("h1").TextContentAsync()).Should().Be(PromptingFirstHeadline, "the result itself stays until the new one is opened");
        (await page.Locator(".what-if button[type=submit]").IsVisibleAsync()).Should().BeFalse("the link replaces the form's button");

        await page.Locator(".what-if a.button").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).Not.ToHaveTextAsync(BrandVoiceHeadline);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sources=required"));
    }

    [BrowserFact]
    public async Task WhatIfPanel_WhenTheApiFails_SaysSo_AndKeepsTheFormButton()
    {
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/api/questionnaires/**", route => route.FulfillAsync(new() { Status = 503 }));
        await page.GotoAsync(Quiz + "/result?gap=behavior&examples=50-500");

        await page.Locator("#what-if-sources").SelectOptionAsync("required");

        await Assertions.Expect(page.Locator(".what-if-outcome")).ToContainTextAsync("could not be worked out");
        await Assertions.Expect(page.Locator(".what-if button[type=submit]")).ToBeVisibleAsync();
        await page.Locator(".what-if button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sources=required"));
    }

    [BrowserFact]
    public async Task CopyLink_PutsTheResultLinkOnTheClipboard()
    {
        var page = await fixture.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync(Quiz + "/result?gap=behavior&examples=50-500&presenter=1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();

        await page.WaitForFunctionAsync("() => document.getElementById('copy-status').textContent.length > 0");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        copied.Should().Be(fixture.Site.BaseUrl + Quiz + "/result?gap=behavior&examples=50-500");
    }
}
