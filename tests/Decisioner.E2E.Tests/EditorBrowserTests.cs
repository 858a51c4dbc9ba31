using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class EditorBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task EditorPage_ListsABrokenFileWithItsLine_AfterABadSave()
    {
        using var content = TempContent.CopyOfShipped();
        await using var site = new SiteProcess(content.Root);
        var password = await site.AddStaffAsync("editor@example.org", "editor");
        await site.StartAsync();
        var page = await fixture.NewPageAsync();

        // Staff pages send a visitor to sign in first (and, the first time, to choose a password), then back.
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/editor", "editor@example.org", password);
        await Assertions.Expect(page.Locator("caption", new() { HasText = "Personas:" })).ToContainTextAsync($"{ShippedQuiz.PersonaCount} of {ShippedQuiz.PersonaCount}");
        (await page.Locator("tr.row-error").CountAsync()).Should().Be(0);

        // An editor saves a guide with a date the site cannot read.
        var path = content.PathOf("guides/rag-vs-long-context.md");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("updated: 2026-11-30", "updated: next week", StringComparison.Ordinal));

        var row = page.Locator("tr.row-error", new() { HasText = "guides/rag-vs-long-context.md" });
        for (var attempt = 0; attempt < 50 && await row.CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(200);
            await page.ReloadAsync();
        }

        await Assertions.Expect(row).ToContainTextAsync("guides/rag-vs-long-context.md:9:10");
        await Assertions.Expect(row).ToContainTextAsync("'updated' must be a date");
        await Assertions.Expect(row).ToContainTextAsync("the last good version");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "editor-broken-file");

        // The guide itself is still served, as it was before the bad save.
        await page.GotoAsync(site.BaseUrl + "/guides/rag-vs-long-context");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("RAG vs long-context prompting");
    }
}
