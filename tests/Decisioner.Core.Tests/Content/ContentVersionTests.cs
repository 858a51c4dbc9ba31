using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Content;

/// <summary>The snapshot's version names the text being served: pages' cache keys and ETags rest on it.</summary>
public sealed class ContentVersionTests
{
    private const string Site = "name: Test\ncourses:\n  - id: c\n    title: C\n    pitch: P\n    url: /courses#c\n";

    private static string GuideText(string title) => $"---\ntitle: {title}\nsummary: S\nupdated: 2026-01-02\n---\n\n## Section\n\nText.\n";

    [Fact]
    public void SameText_SameVersion_AcrossLoadsAndFolders()
    {
        using var one = TempContent.Empty().Write("site.yaml", Site).Write("guides/a.md", GuideText("A"));
        using var two = TempContent.Empty().Write("site.yaml", Site).Write("guides/a.md", GuideText("A"));

        var version = ContentLoader.Load(one.Root).Version;

        version.Should().NotBeNullOrEmpty();
        ContentLoader.Load(one.Root).Version.Should().Be(version, "a restart must not change every ETag");
        ContentLoader.Load(two.Root).Version.Should().Be(version);
    }

    [Fact]
    public void ChangedFile_ChangesTheVersion()
    {
        using var content = TempContent.Empty().Write("site.yaml", Site).Write("guides/a.md", GuideText("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/a.md", GuideText("A, edited"));

        ContentLoader.Load(content.Root, previous: first).Version.Should().NotBe(first.Version);
    }

    [Fact]
    public void AddedOrRemovedFile_ChangesTheVersion()
    {
        using var content = TempContent.Empty().Write("site.yaml", Site).Write("guides/a.md", GuideText("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/b.md", GuideText("B"));
        var added = ContentLoader.Load(content.Root, previous: first);
        File.Delete(content.PathOf("guides/b.md"));
        var removed = ContentLoader.Load(content.Root, previous: added);

        added.Version.Should().NotBe(first.Version);
        removed.Version.Should().Be(first.Version);
    }

    [Fact]
    public void BrokenEdit_KeepsTheVersion_OfTheLastGoodText()
    {
        using var content = TempContent.Empty().Write("site.yaml", Site).Write("guides/a.md", GuideText("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/a.md", "---\ntitle: [broken\n---\n");

        ContentLoader.Load(content.Root, previous: first).Version.Should().Be(first.Version);
    }
}
