using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class GuideBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Reader_FollowsAGuideCardAndATableOfContentsLink_AndTheSectionIsInView()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserFixture.ScreenshotAsync(page, "home-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "RAG vs fine-tuning", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/guides/rag-vs-fine-tuning$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("RAG vs fine-tuning");

        await page.Locator("nav.toc").GetByRole(AriaRole.Link, new() { Name = "FAQ" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/guides/rag-vs-fine-tuning#faq$"));
        var top = await page.Locator("#faq").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        var height = await page.EvaluateAsync<double>("() => window.innerHeight");
        top.Should().BeInRange(0, height / 2, "the FAQ heading is scrolled to the top of the window");
        await BrowserFixture.ScreenshotAsync(page, "guide-desktop");
    }

    [BrowserFact]
    public async Task Reader_UsesTheSkipLinkFromTheKeyboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/guides/rag-vs-fine-tuning");

        // Blazor moves focus to the h1 after loading; from the page header, the skip link is one step back.
        await page.Mouse.ClickAsync(1, 1);
        await page.Keyboard.PressAsync("Shift+Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Should().Be("Skip to main content");
        (await page.Locator(".skip-link").IsVisibleAsync()).Should().BeTrue();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/guides/rag-vs-fine-tuning#main$"));
        (await page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("main");
    }

    [BrowserTheory]
    [InlineData("/", "home")]
    [InlineData("/guides/rag-vs-fine-tuning", "guide")]
    [InlineData("/guides/rag-vs-long-context", "guide-long-context")]
    [InlineData("/courses", "courses")]
    [InlineData("/guides", "guide-index")]
    [InlineData("/guides/glossary", "glossary")]
    [InlineData("/guides/decision-path", "decision-path")]
    [InlineData("/guides/worked-examples", "worked-examples")]
    [InlineData("/guides/evaluating-rag-and-fine-tuning", "evaluating")]
    [InlineData("/guides/fine-tuning-methods", "fine-tuning-methods")]
    [InlineData("/guides/peft-or-full-fine-tuning", "peft-or-full")]
    [InlineData("/guides/evaluation-you-can-trust", "evaluation-you-can-trust")]
    [InlineData("/search?q=fine+tunning", "search")]
    [InlineData("/guides/no-such-guide", "not-found")]
    public async Task Page_HasNoWcagViolations_InLightAndDarkMode(string path, string name)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await fixture.NewPageAsync(scheme: scheme);
            await page.GotoAsync(path);

            var violations = await Accessibility.WcagViolationsAsync(page);

            violations.Should().BeEmpty($"{path} in {scheme} mode meets WCAG 2.1 AA");
            await BrowserFixture.ScreenshotAsync(page, $"{name}-{scheme.ToString().ToLowerInvariant()}");
        }
    }

    [BrowserTheory]
    [InlineData("/", "home")]
    [InlineData("/guides/rag-vs-fine-tuning", "guide")]
    [InlineData("/guides/prompt-engineering-vs-fine-tuning", "guide-prompting")]
    [InlineData("/guides", "guide-index")]
    [InlineData("/guides/decision-path", "decision-path")]
    [InlineData("/guides/peft-or-full-fine-tuning", "peft-or-full")]
    [InlineData("/guides/evaluation-you-can-trust", "evaluation-you-can-trust")]
    [InlineData("/search?q=embeddings", "search")]
    public async Task Page_OnA360PixelPhone_HasNoHorizontalScroll(string path, string name)
    {
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        await page.GotoAsync(path);

        (await Accessibility.HasHorizontalScrollAsync(page)).Should().BeFalse($"{path} fits a 360 px wide screen");
        await BrowserFixture.ScreenshotAsync(page, $"{name}-phone");
    }

    [BrowserFact]
    public async Task HeaderSearch_IsReachedByKeyboard_AndOpensTheResults()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/guides/rag-vs-fine-tuning");
        // The page puts focus on its heading; start where a keyboard user coming back up starts: the skip link.
        await page.Locator(".skip-link").FocusAsync();

        for (var i = 0; i < 15 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "header-search-q"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''")).Should().Be("header-search-q");
        await page.Keyboard.TypeAsync("fine tunning");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/search\\?q=fine(\\+|%20)tunning"));
        await Assertions.Expect(page.Locator(".search-results li").First).ToBeVisibleAsync();
        (await page.Locator(".search-results a").First.GetAttributeAsync("href")).Should().StartWith("/guides/");
    }

    [BrowserTheory]
    [InlineData("rag-vs-fine-tuning")]
    [InlineData("decision-path")]
    public async Task Guide_PrintsWithoutSiteChrome(string slug)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/guides/" + slug);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        (await page.Locator(".site-header").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator("nav.toc").IsVisibleAsync()).Should().BeFalse();
        (await page.Locator(".prose").IsVisibleAsync()).Should().BeTrue();
        await BrowserFixture.ScreenshotAsync(page, $"{slug}-print");
    }
}
