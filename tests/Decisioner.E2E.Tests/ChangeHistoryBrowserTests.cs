using Decisioner.Core.Content;
using Decisioner.Tests;
using Microsoft.Playwright;

namespace Decisioner.E2E.Tests;

/// <summary>What changed for readers, in Chromium: "Recently updated" and a guide's history meet WCAG 2.1 AA and fit a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChangeHistoryBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task RecentlyUpdated_AndAGuidesChangeHistory_PassAxe_InLightAndDark_AndFitAPhone()
    {
        var content = ContentLoader.Load(TestPaths.Content);
        var latest = content.RecentChanges(1).Should().ContainSingle("a shipped guide carries a 'changes' list").Subject;
        var guide = latest.Guide;

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var name = scheme.ToString().ToLowerInvariant();
            foreach (var path in new[] { "/", "/guides" })
            {
                var page = await fixture.NewPageAsync(scheme: scheme);
                await page.GotoAsync(path);
                var first = page.Locator("section.recently-updated li").First;
                await Assertions.Expect(first.Locator("a")).ToHaveTextAsync(guide.Title);
                await Assertions.Expect(first.Locator(".change-note")).ToHaveTextAsync(latest.Change.Note);

                (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty($"{path} with Recently updated, in {name} mode, meets WCAG 2.1 AA");
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"changes-recent{(path == "/" ? "-home" : "")}-{name}.png") });
            }

            var guidePage = await fixture.NewPageAsync(scheme: scheme);
            await guidePage.GotoAsync(guide.Path);
            var history = guidePage.Locator("section.changes");
            await Assertions.Expect(history.GetByRole(AriaRole.Heading, new() { Name = "What changed", Level = 2 })).ToBeVisibleAsync();
            (await history.Locator("time").AllTextContentsAsync()).Should().HaveCount(guide.Changes.Count, "every change is on the page, the earlier ones folded away");
            (await Accessibility.WcagViolationsAsync(guidePage)).Should().BeEmpty($"{guide.Path} with its change history, in {name} mode, meets WCAG 2.1 AA");
            // The history with the end of the guide above it and what follows below, as a reader scrolls to it.
            await history.ScrollIntoViewIfNeededAsync();
            var box = (await history.BoundingBoxAsync())!;
            var top = Math.Max(0, box.Y - 240);
            await guidePage.ScreenshotAsync(new()
            {
                Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"changes-guide-{name}.png"),
                Clip = new Clip { X = 0, Y = top, Width = 1280, Height = Math.Min(900 - top, box.Y - top + box.Height + 120) },
            });
        }

        // A printed guide keeps its history: only the site's chrome, the contents and related guides are left out.
        var printed = await fixture.NewPageAsync();
        await printed.GotoAsync(guide.Path);
        await printed.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await printed.Locator("section.changes").IsVisibleAsync()).Should().BeTrue();

        foreach (var path in new[] { "/", guide.Path })
        {
            var phone = await fixture.NewPageAsync(width: 360, height: 740);
            await phone.GotoAsync(path);
            (await Accessibility.HasHorizontalScrollAsync(phone)).Should().BeFalse($"{path} with its change list fits a 360 px wide screen");
            await phone.Locator(path == "/" ? "section.recently-updated" : "section.changes").ScrollIntoViewIfNeededAsync();
            await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"changes-{(path == "/" ? "home" : "guide")}-phone.png") });
        }
    }

    [BrowserFact]
    public async Task ALongHistory_FoldsAway_OpensFromTheKeyboard_AndStillPassesAxe()
    {
        using var content = TempContent.CopyOfShipped();
        var file = content.PathOf("guides/fine-tuning-methods.md");
        var entries = string.Concat(Enumerable.Range(0, 5).Select(i => $"  - date: 2026-11-{28 - i:00}\n    note: Test change {5 - i}.\n"));
        await File.WriteAllTextAsync(file, GuideChanges.With(await File.ReadAllTextAsync(file), "2026-11-28", entries));
        await using var site = new SiteProcess(content.Root);
        await site.StartAsync();

        var page = await fixture.NewPageAsync(scheme: ColorScheme.Dark);
        await page.GotoAsync(site.BaseUrl + "/guides/fine-tuning-methods");
        var history = page.Locator("section.changes");
        var earlier = history.Locator("details li");
        await Assertions.Expect(history.Locator(":scope > ul > li")).ToHaveCountAsync(3);
        await Assertions.Expect(earlier.First).ToBeHiddenAsync();

        await history.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(earlier).ToHaveCountAsync(2);
        await Assertions.Expect(earlier.Last).ToBeVisibleAsync();
        await Assertions.Expect(earlier.Last).ToContainTextAsync("Test change 1.");
        (await Accessibility.WcagViolationsAsync(page)).Should().BeEmpty("the opened history meets WCAG 2.1 AA");
        await history.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "changes-guide-long-open-dark.png") });
    }
}
