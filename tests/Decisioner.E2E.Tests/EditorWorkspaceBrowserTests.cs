using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>
/// An editor's round trip in Chromium, as the issue describes it: fix a typo in a guide, preview it, publish it and
/// see it live; change a quiz weight, see two personas flip, publish anyway; restore the earlier version from history.
/// Screenshots go to artifacts/screenshots (editor-*.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorWorkspaceBrowserTests(BrowserFixture fixture)
{
    private const string Guide = "guides/rag-vs-long-context.md";
    private const string Email = "editor@example.org";

    [BrowserFact]
    public async Task AnEditor_FixesATypo_ChangesAWeight_AndRestoresItFromHistory()
    {
        using var content = TempContent.CopyOfShipped();
        var original = await File.ReadAllTextAsync(content.PathOf(Guide));
        var typo = original.Replace("fits comfortably in", "fits comfortbly in", StringComparison.Ordinal);
        await File.WriteAllTextAsync(content.PathOf(Guide), typo);
        var quiz = await File.ReadAllTextAsync(content.PathOf(QuizWeightChange.File));
        TestGit.Run(content.Root, "init", "-q");
        TestGit.Run(content.Root, "add", "-A");
        TestGit.Run(content.Root, "-c", "user.name=setup", "-c", "user.email=setup@example.org", "commit", "-qm", "content as shipped, with a typo");

        await using var site = new SiteProcess(content.Root);
        var password = await site.AddStaffAsync(Email, "editor");
        await site.StartAsync();
        var page = await fixture.NewPageAsync();
        var problems = PageProblems.Watch(page);
        await StaffBrowser.SignInFirstTimeAsync(page, site.BaseUrl, "/editor", Email, password);

        // The workspace: every file, with Edit and History.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Files" })).ToBeVisibleAsync();
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "editor-1-workspace");

        // 1. The typo: open the guide, fix it, see the preview follow, publish with a note, see it live.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit " + Guide }).ClickAsync();
        await page.WaitForURLAsync("**/editor/edit?file=*");
        var text = page.GetByLabel("Text of " + Guide);
        (await text.InputValueAsync()).Should().Contain("fits comfortbly in");
        await Assertions.Expect(page.Locator("#draft-report article")).ToContainTextAsync("fits comfortbly in");
        await text.FillAsync(original);
        await Assertions.Expect(page.Locator("#draft-report article")).ToContainTextAsync("fits comfortably in");
        await Assertions.Expect(page.Locator("#draft-report h2").First).ToHaveTextAsync("No problems found");
        await Assertions.Expect(page.GetByText("Draft saved at")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        (await page.GetByLabel("Also add it to the guide's “What changed” list").IsCheckedAsync()).Should().BeFalse("a typo is not news for readers");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "editor-2-typo-previewed");

        await page.GetByLabel("What changed, in one line").FillAsync("Fixed a typo: comfortably");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Published" })).ToBeVisibleAsync();
        (await File.ReadAllTextAsync(content.PathOf(Guide))).Should().Be(original);

        await page.GotoAsync(site.BaseUrl + "/guides/rag-vs-long-context");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("fits comfortably in");
        await BrowserFixture.ScreenshotAsync(page, "editor-3-typo-live");

        // 2. A quiz weight: two personas flip; the first press shows them, the second publishes.
        await page.GotoAsync(site.BaseUrl + "/editor/edit?file=" + Uri.EscapeDataString(QuizWeightChange.File));
        await page.GetByLabel("Text of " + QuizWeightChange.File).FillAsync(QuizWeightChange.Apply(quiz));
        var impact = page.Locator("#draft-report .draft-impact h2");
        await Assertions.Expect(impact).ToContainTextAsync("2 personas would change outcome", new() { Timeout = 15_000 });
        foreach (var name in QuizWeightChange.FlippedPersonas)
        {
            await Assertions.Expect(page.Locator("#draft-report")).ToContainTextAsync(name);
        }

        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "editor-4-quiz-impact");

        await page.GetByLabel("What changed, in one line").FillAsync("Sources not needed now lean a point towards RAG");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2 personas would get a different result" })).ToBeVisibleAsync();
        (await File.ReadAllTextAsync(content.PathOf(QuizWeightChange.File))).Should().Be(quiz, "not without the second press");
        await BrowserFixture.ScreenshotAsync(page, "editor-5-quiz-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish anyway" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Published" })).ToBeVisibleAsync();
        (await File.ReadAllTextAsync(content.PathOf(QuizWeightChange.File))).Should().Be(QuizWeightChange.Apply(quiz));

        // 3. History: the version as it was on disk is restored, through the same checks (a second press again).
        await page.GetByRole(AriaRole.Link, new() { Name = "History of this file" }).ClickAsync();
        await Assertions.Expect(page.Locator(".version")).ToHaveCountAsync(2);
        await page.Locator(".version").Nth(1).GetByText("Changes from the version before").ClickAsync();
        await page.Locator(".version").First.GetByText("Changes from the version before").ClickAsync();
        await Assertions.Expect(page.Locator(".version").First.Locator(".diff-added")).ToContainTextAsync("rag: 1");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "editor-6-history");

        await page.Locator(".version").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Restore this version" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore anyway" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Restored" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".version")).ToHaveCountAsync(3);
        (await File.ReadAllTextAsync(content.PathOf(QuizWeightChange.File))).Should().Be(quiz);
        await BrowserFixture.ScreenshotAsync(page, "editor-7-restored");

        // Each publish is a commit by the editor in the content repository; none is pushed anywhere.
        var log = TestGit.Run(content.Root, "log", "--format=%an|%s").Trim().Split('\n');
        log.Should().HaveCount(4);
        log[0].Should().StartWith($"{Email}|Restored the version of ");
        log[1..].Should().Equal($"{Email}|Sources not needed now lean a point towards RAG", $"{Email}|Fixed a typo: comfortably", "setup|content as shipped, with a typo");
        problems.Should().BeEmpty();
    }
}
