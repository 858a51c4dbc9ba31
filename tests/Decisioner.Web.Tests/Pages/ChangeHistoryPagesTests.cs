using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Decisioner.Core.Content;
using Decisioner.Tests;
using Decisioner.Web.Components.Pages;
using Decisioner.Web.Components.Pages.Guides;
using Decisioner.Web.Components.Shared;

namespace Decisioner.Web.Tests.Pages;

/// <summary>
/// What changed for readers: each guide's history at its foot, and "Recently updated" on the home page and the
/// guides index. Every expectation is read from the content the site loads, not written into the test.
/// </summary>
public sealed class ChangeHistoryPagesTests : IClassFixture<ShippedSite>
{
    private readonly HttpClient _client;

    public ChangeHistoryPagesTests(ShippedSite site) => _client = site.Factory.CreateClient();

    private static async Task<IDocument> GetAsync(HttpClient client, string path) =>
        new HtmlParser().ParseDocument(await client.GetStringAsync(path));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Each listed change as "date | guide path | note", in page order.</summary>
    private static IEnumerable<string> Listed(IElement list, bool withGuide) =>
        list.QuerySelectorAll(":scope > li").Select(li => string.Join(" | ", new[]
        {
            li.QuerySelector("time")!.GetAttribute("datetime")!,
            withGuide ? li.QuerySelector("a")!.GetAttribute("href")! : null,
            li.QuerySelector(".change-note")!.TextContent,
        }.OfType<string>()));

    [Fact]
    public async Task EveryGuideWithChanges_ShowsThemAtItsFoot_NewestFirst_AsTimes()
    {
        var guides = ContentLoader.Load(TestPaths.Content).Guides.Where(g => g.Changes.Count > 0).ToList();
        guides.Should().NotBeEmpty("at least one shipped guide carries a 'changes' list to show");

        foreach (var guide in guides)
        {
            var page = await GetAsync(_client, guide.Path);
            var section = page.QuerySelector("article.guide > section.changes");
            section.Should().NotBeNull($"{guide.Slug} has changes");
            section!.QuerySelector("h2")!.TextContent.Should().Be("What changed");
            section.QuerySelector("time")!.TextContent.Should().MatchRegex(@"^\d{1,2} [A-Z][a-z]+ \d{4}$", "readers see the day in words");

            var shown = Listed(section.QuerySelector(":scope > ul")!, withGuide: false);
            var folded = section.QuerySelector("details > ul") is { } more ? Listed(more, withGuide: false) : [];
            shown.Concat(folded).Should().Equal(guide.Changes.Select(c => $"{Day(c.Date)} | {c.Note}"));
            shown.Should().HaveCount(Math.Min(guide.Changes.Count, ChangeHistory.Shown));
            section.CompareDocumentPosition(page.QuerySelector(".guide-body")!).Should().HaveFlag(DocumentPositions.Preceding, "the history is at the guide's foot, after its text");
        }
    }

    [Theory]
    [InlineData("/", Home.RecentCount)]
    [InlineData("/guides", GuideIndex.RecentCount)]
    public async Task RecentlyUpdated_ListsTheLatestChangesAcrossGuides_WithTheGuideLinked(string path, int count)
    {
        var expected = ContentLoader.Load(TestPaths.Content).RecentChanges(count);
        expected.Should().NotBeEmpty();

        var page = await GetAsync(_client, path);
        var section = page.QuerySelector("section.recently-updated");

        section.Should().NotBeNull();
        section!.QuerySelector("h2")!.TextContent.Should().Be("Recently updated");
        Listed(section.QuerySelector("ul")!, withGuide: true).Should().Equal(expected.Select(c => $"{Day(c.Change.Date)} | {c.Guide.Path} | {c.Change.Note}"));
        section.QuerySelectorAll("a").Select(a => a.TextContent).Should().Equal(expected.Select(c => c.Guide.Title));
        page.QuerySelectorAll("h1").Should().ContainSingle().Which.CompareDocumentPosition(section).Should().HaveFlag(DocumentPositions.Following, "headings stay in order");
    }

    [Fact]
    public async Task ALongHistory_ShowsTheLatestFew_AndFoldsTheRestIntoADisclosure_AndAGuideWithoutChangesShowsNone()
    {
        using var content = TempContent.CopyOfShipped();
        var file = content.PathOf("guides/rag-vs-long-context.md");
        var entries = string.Concat(Enumerable.Range(0, 5).Select(i => $"  - date: 2026-11-{28 - i:00}\n    note: Change number {5 - i} & <b>not markup</b>.\n"));
        await File.WriteAllTextAsync(file, GuideChanges.With(await File.ReadAllTextAsync(file), "2026-11-28", entries));
        // And one guide with none.
        var plain = ContentLoader.Load(content.Root).Guides.First(g => g.Slug != "rag-vs-long-context");
        var plainFile = content.PathOf(plain.SourcePath);
        await File.WriteAllTextAsync(plainFile, GuideChanges.Without(await File.ReadAllTextAsync(plainFile)));
        using var site = new SiteFactory(content.Root);
        var client = site.CreateClient();

        var page = await GetAsync(client, "/guides/rag-vs-long-context");
        var section = page.QuerySelector("section.changes")!;

        Listed(section.QuerySelector(":scope > ul")!, withGuide: false).Should().Equal(
            "2026-11-28 | Change number 5 & <b>not markup</b>.", "2026-11-27 | Change number 4 & <b>not markup</b>.", "2026-11-26 | Change number 3 & <b>not markup</b>.");
        section.QuerySelector("details > summary")!.TextContent.Should().Be("Earlier changes (2)");
        Listed(section.QuerySelector("details > ul")!, withGuide: false).Should().Equal(
            "2026-11-25 | Change number 2 & <b>not markup</b>.", "2026-11-24 | Change number 1 & <b>not markup</b>.");
        section.QuerySelector("b").Should().BeNull("a note is plain text");

        (await GetAsync(client, plain.Path)).QuerySelector("section.changes").Should().BeNull($"{plain.Slug} has no changes");
        (await GetAsync(client, "/")).QuerySelectorAll("section.recently-updated li").Should().HaveCount(Home.RecentCount);
    }

    [Fact]
    public async Task WithNoChangesAnywhere_NeitherListIsShown()
    {
        using var content = TempContent.CopyOfShipped();
        foreach (var guide in ContentLoader.Load(content.Root).Guides.Where(g => g.Changes.Count > 0))
        {
            var file = content.PathOf(guide.SourcePath);
            await File.WriteAllTextAsync(file, GuideChanges.Without(await File.ReadAllTextAsync(file)));
        }

        ContentLoader.Load(content.Root).RecentChanges(10).Should().BeEmpty();
        using var site = new SiteFactory(content.Root);
        var client = site.CreateClient();

        (await GetAsync(client, "/")).QuerySelector("section.recently-updated").Should().BeNull();
        (await GetAsync(client, "/guides")).QuerySelector("section.recently-updated").Should().BeNull();
        (await GetAsync(client, "/guides/rag-vs-fine-tuning")).QuerySelector("section.changes").Should().BeNull();
    }

    [Fact]
    public async Task ASavedChange_ReachesTheCachedHomePage_GuidesIndexAndGuide_WithoutARestart()
    {
        using var content = TempContent.CopyOfShipped();
        // Dated today, no shipped change is newer; the first guide in reading order wins a tie, so it heads every list.
        var guide = ContentLoader.Load(content.Root).Guides[0];
        using var site = new SiteFactory(content.Root);
        var client = site.CreateClient();
        foreach (var path in new[] { "/", "/guides", guide.Path })
        {
            (await client.GetStringAsync(path)).Should().NotContain("Saved while the site ran", "nothing is cached yet that holds it");
        }

        var file = content.PathOf(guide.SourcePath);
        var today = Day(DateOnly.FromDateTime(DateTime.UtcNow));
        await File.WriteAllTextAsync(file, GuideChanges.With(await File.ReadAllTextAsync(file), today, $"  - date: {today}\n    note: Saved while the site ran.\n"));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await client.GetStringAsync("/")).Contains("Saved while the site ran", StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the saved change should reach the home page");
            await Task.Delay(50);
        }

        foreach (var path in new[] { "/", "/guides" })
        {
            var first = (await GetAsync(client, path)).QuerySelector("section.recently-updated li")!;
            first.QuerySelector("a")!.GetAttribute("href").Should().Be(guide.Path, $"{path} lists the newest change first");
            first.QuerySelector(".change-note")!.TextContent.Should().Be("Saved while the site ran.");
        }

        (await GetAsync(client, guide.Path)).QuerySelector("section.changes .change-note")!.TextContent.Should().Be("Saved while the site ran.");
    }
}
