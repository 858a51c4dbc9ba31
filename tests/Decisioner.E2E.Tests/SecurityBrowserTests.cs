using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SecurityBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task ContentSecurityPolicy_BlocksNothingThePagesNeed_AndTheQuizStillWorks()
    {
        var page = await fixture.NewPageAsync();
        var problems = PageProblems.Watch(page);

        foreach (var path in new[] { "/", "/guides/rag-vs-fine-tuning", "/courses", "/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500" })
        {
            var response = await page.GotoAsync(path);
            (await response!.HeaderValueAsync("content-security-policy")).Should().Contain("script-src 'self'").And.NotContain("unsafe-eval");
        }

        // The what-if panel's call to the API is allowed by connect-src 'self'.
        await page.Locator("#what-if-sources").SelectOptionAsync("required");
        await Assertions.Expect(page.Locator(".what-if-outcome strong")).Not.ToBeEmptyAsync();

        await page.GotoAsync("/quiz/rag-vs-fine-tuning?at=gap");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Keyboard.PressAsync("3");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1 .step")).ToHaveTextAsync(ShippedQuiz.StepHeading(2));

        problems.Should().BeEmpty("the pages run under their Content-Security-Policy without violations or script errors");
    }
}
