using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Content;

public sealed class ContentLoaderTests
{
    private const string Site = "name: Test site\ncourses:\n  - id: c1\n    title: C\n    pitch: P\n    url: /courses#c1\n";

    private static string GuideText(string title, string extra = "") =>
        $"---\ntitle: {title}\nsummary: S\nupdated: 2026-01-02\n{extra}---\n\n## Section\n\nText.\n";

    [Fact]
    public void Load_ShippedContent_HasNoErrorsAndServesTheMainGuide()
    {
        var snapshot = ContentLoader.Load(TestPaths.Content);

        snapshot.Diagnostics.Should().NotContain(d => d.IsError);
        snapshot.FindGuide("rag-vs-fine-tuning").Should().NotBeNull();
        snapshot.Guides.Should().HaveCount(Directory.GetFiles(Path.Combine(TestPaths.Content, ContentLoader.GuidesFolder), "*.md").Length, "every guide file is served");
        snapshot.Site.Courses.Select(c => c.Id).Should().Contain(["rag-course", "generative-ai-course", "llmops-course"]);
    }

    [Fact]
    public void Load_ShippedContent_RelatedGuidesAndInternalLinksAllResolve()
    {
        var snapshot = ContentLoader.Load(TestPaths.Content);

        snapshot.Diagnostics.Should().BeEmpty();
        foreach (var guide in snapshot.Guides)
        {
            snapshot.RelatedTo(guide).Should().HaveCount(guide.Related.Count, $"{guide.Slug} names only guides that exist");
        }
    }

    [Fact]
    public void Load_BrokenGuide_IsSkippedWithItsLineAndTheOthersAreServed()
    {
        using var content = TempContent.Empty()
            .Write("site.yaml", Site)
            .Write("guides/good.md", GuideText("Good"))
            .Write("guides/broken.md", "---\ntitle: Broken\nsummary: [unclosed\nupdated: 2026-01-02\n---\n");

        var snapshot = ContentLoader.Load(content.Root);

        snapshot.FindGuide("good").Should().NotBeNull();
        snapshot.FindGuide("broken").Should().BeNull();
        snapshot.Files.Single(f => f.Path == "guides/broken.md").Diagnostics
            .Should().Contain(d => d.IsError && d.Line >= 3);
    }

    [Fact]
    public void Load_DuplicateSlug_KeepsTheFirstFileAndReportsTheSecond()
    {
        using var content = TempContent.Empty()
            .Write("site.yaml", Site)
            .Write("guides/a.md", GuideText("First", "slug: same\n"))
            .Write("guides/b.md", GuideText("Second", "slug: same\n"));

        var snapshot = ContentLoader.Load(content.Root);

        snapshot.FindGuide("same")!.Title.Should().Be("First");
        snapshot.Files.Single(f => f.Path == "guides/b.md").HasErrors.Should().BeTrue();
    }

    [Fact]
    public void Load_MissingOrBrokenSiteData_FallsBackAndReportsIt()
    {
        using var content = TempContent.Empty()
            .Write("site.yaml", "name: [oops\n")
            .Write("guides/good.md", GuideText("Good"));

        var snapshot = ContentLoader.Load(content.Root);

        snapshot.Site.Should().Be(SiteData.Fallback);
        snapshot.FindGuide("good").Should().NotBeNull();
        snapshot.Files.Single(f => f.Path == "site.yaml").HasErrors.Should().BeTrue();
    }

    [Fact]
    public void Load_LinkToMissingGuideOrAnchor_IsAnErrorAtTheLinkButTheGuideIsServed()
    {
        using var content = TempContent.Empty()
            .Write("site.yaml", Site)
            .Write("guides/a.md", GuideText("A", "related: [nowhere]\n") + "\n[b](/guides/b#missing) and [c](/guides/c)\n");

        var snapshot = ContentLoader.Load(content.Root);

        var diagnostics = snapshot.Files.Single(f => f.Path == "guides/a.md").Diagnostics;
        diagnostics.Should().Contain(d => !d.IsError && d.Message.Contains("'nowhere'") && d.Line == 5);
        diagnostics.Should().Contain(d => d.IsError && d.Message.Contains("/guides/c") && d.Line == 12 && d.Column == 28);
        diagnostics.Should().Contain(d => d.IsError && d.Message.Contains("/guides/b#missing") || d.Message.Contains("'/guides/b'"));
        snapshot.FindGuide("a").Should().NotBeNull();
    }

    [Fact]
    public void FindGuide_DoesNotTreatSlugsAsPaths()
    {
        var snapshot = ContentLoader.Load(TestPaths.Content);

        snapshot.FindGuide("../site").Should().BeNull();
        snapshot.FindGuide("rag-vs-fine-tuning.md").Should().BeNull();
        snapshot.FindGuide(null).Should().BeNull();
    }
}
