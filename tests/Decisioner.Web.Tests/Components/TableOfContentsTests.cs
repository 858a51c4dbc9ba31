using Bunit;
using Decisioner.Core.Content;
using Decisioner.Web.Components.Shared;

namespace Decisioner.Web.Tests.Components;

public sealed class TableOfContentsTests : BunitContext
{
    [Fact]
    public void Renders_SectionsWithTheirSubsectionsNested_AndPagePathInEveryLink()
    {
        TocEntry[] entries = [new(2, "one", "One"), new(3, "one-a", "One a"), new(2, "two", "Two")];

        var cut = Render<TableOfContents>(p => p
            .Add(c => c.Entries, entries)
            .Add(c => c.PagePath, "/guides/sample"));

        cut.Find("nav.toc").GetAttribute("aria-labelledby").Should().Be("toc-title");
        var topLevel = cut.FindAll("nav.toc > ol > li");
        topLevel.Should().HaveCount(2);
        topLevel[0].QuerySelector(":scope > ol a")!.GetAttribute("href").Should().Be("/guides/sample#one-a");
        cut.FindAll("a").Select(a => a.GetAttribute("href"))
            .Should().Equal("/guides/sample#one", "/guides/sample#one-a", "/guides/sample#two");
    }

    [Fact]
    public void Renders_NothingWhenThePageHasNoSections()
    {
        var cut = Render<TableOfContents>(p => p
            .Add(c => c.Entries, Array.Empty<TocEntry>())
            .Add(c => c.PagePath, "/guides/sample"));

        cut.Markup.Trim().Should().BeEmpty();
    }
}
