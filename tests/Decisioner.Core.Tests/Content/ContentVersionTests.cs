using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Content;

/// <summary>The snapshot's version names the text being served: pages' cache keys and ETags rest on it.</summary>
public sealed class ContentVersionTests
{
    [Fact]
    public void SameText_SameVersion_AcrossLoadsAndFolders()
    {
        using var one = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));
        using var two = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));

        var version = ContentLoader.Load(one.Root).Version;

        version.Should().NotBeNullOrEmpty();
        ContentLoader.Load(one.Root).Version.Should().Be(version, "a restart must not change every ETag");
        ContentLoader.Load(two.Root).Version.Should().Be(version);
    }

    [Fact]
    public void ChangedFile_ChangesTheVersion()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/a.md", SmallContent.Guide("A, edited"));

        ContentLoader.Load(content.Root, previous: first).Version.Should().NotBe(first.Version);
    }

    [Fact]
    public void AddedOrRemovedFile_ChangesTheVersion()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/b.md", SmallContent.Guide("B"));
        var added = ContentLoader.Load(content.Root, previous: first);
        File.Delete(content.PathOf("guides/b.md"));
        var removed = ContentLoader.Load(content.Root, previous: added);

        added.Version.Should().NotBe(first.Version);
        removed.Version.Should().Be(first.Version);
    }

    [Fact]
    public void BrokenEdit_KeepsTheVersion_OfTheLastGoodText()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/a.md", "---\ntitle: [broken\n---\n");

        ContentLoader.Load(content.Root, previous: first).Version.Should().Be(first.Version);
    }
}
