using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>The three results contract version 3 changed most, in Chromium: what they say, that they pass WCAG, and a screenshot of each.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultV3BrowserTests(BrowserFixture fixture)
{
    private const string Result = "/quiz/rag-vs-fine-tuning/result?";

    [BrowserTheory]
    [InlineData("gap=missing-knowledge&change-rate=monthly&long-tail=mostly&documents=none&examples=none&evaluation=manual-review&presenter=1", "result-v3-no-documents-presenter")]
    [InlineData("gap=behavior&change-rate=rarely&long-tail=little&examples=50-500&target-clarity=precise&evaluation=automated&prompting=not-yet&capacity=managed-service", "result-v3-prompting-untried")]
    [InlineData("gap=task-skill&facts-in-input=all&change-rate=rarely&examples=over-500&target-clarity=precise&evaluation=automated&prompting=not-yet&efficiency=hard-limit&capacity=own-infrastructure", "result-v3-distillation")]
    public async Task Result_ShowsTheHeadlinePlanAndTimingLineTheEngineGives_AndMeetsWcag(string query, string name)
    {
        var expected = ScoringEngine.Recommend(QuizAddress.Parse(ShippedQuiz.Questionnaire, Result + query).Address.Answers);
        var page = await fixture.NewPageAsync(width: 1280, height: 900);
        await page.GotoAsync(Result + query);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(expected.Headline);
        await Assertions.Expect(page.Locator(".eyebrow")).ToContainTextAsync(expected.TimingLine);
        (await page.Locator(".plan-step").CountAsync()).Should().Be(expected.Plan.Count);
        await Assertions.Expect(page.Locator(".clarity")).ToHaveTextAsync(expected.Confidence);
        await Assertions.Expect(page.Locator("#not-asked-title")).ToBeVisibleAsync();
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, name);
    }
}
