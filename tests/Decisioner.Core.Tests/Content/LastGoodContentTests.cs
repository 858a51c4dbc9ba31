using Decisioner.Core.Content;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Content;

/// <summary>A bad edit never replaces what is served: the last good version of that file stays.</summary>
public sealed class LastGoodContentTests
{
    [Fact]
    public void BrokenEdit_KeepsTheLastGoodVersionAndSaysSo()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("First"));
        var first = ContentLoader.Load(content.Root);

        content.Write("guides/a.md", "---\ntitle: [broken\n---\n");
        var second = ContentLoader.Load(content.Root, previous: first);

        second.FindGuide("a")!.Title.Should().Be("First");
        var status = second.Files.Single(f => f.Path == "guides/a.md");
        status.Serving.Should().Be(FileServing.LastGood);
        status.ServedSince.Should().Be(first.Files.Single(f => f.Path == "guides/a.md").ServedSince);
        status.Diagnostics.Should().Contain(d => d.IsError && d.Line >= 2);
    }

    [Fact]
    public void FixedEdit_IsServedAgain()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("First"));
        var first = ContentLoader.Load(content.Root);
        var broken = ContentLoader.Load(content.Root, previous: first.WithFile(content, "guides/a.md", "---\n"));

        content.Write("guides/a.md", SmallContent.Guide("Second"));
        var fixedSnapshot = ContentLoader.Load(content.Root, previous: broken);

        fixedSnapshot.FindGuide("a")!.Title.Should().Be("Second");
        fixedSnapshot.Files.Single(f => f.Path == "guides/a.md").Serving.Should().Be(FileServing.Current);
    }

    [Fact]
    public void GuideThatNeverLoaded_IsAbsent()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", "---\ntitle: [broken\n---\n");

        var snapshot = ContentLoader.Load(content.Root);

        snapshot.FindGuide("a").Should().BeNull();
        snapshot.Files.Single(f => f.Path == "guides/a.md").Serving.Should().Be(FileServing.NotServed);
    }

    [Fact]
    public void DeletedFile_IsNoLongerServed()
    {
        using var content = TempContent.Empty().Write("site.yaml", SmallContent.Site).Write("guides/a.md", SmallContent.Guide("A"));
        var first = ContentLoader.Load(content.Root);

        File.Delete(content.PathOf("guides/a.md"));
        var second = ContentLoader.Load(content.Root, previous: first);

        second.FindGuide("a").Should().BeNull();
        second.Files.Should().NotContain(f => f.Path == "guides/a.md");
    }

    [Fact]
    public void BrokenSiteDataAndQuestionnaire_KeepTheirLastGoodVersions()
    {
        using var content = TempContent.CopyOfShipped();
        var first = ContentLoader.Load(content.Root);

        content.Write("site.yaml", "name: [broken");
        content.Write("questionnaires/rag-vs-fine-tuning.yaml", "id: rag-vs-fine-tuning\ntitle: Broken\n");
        var second = ContentLoader.Load(content.Root, previous: first);

        second.Site.Should().BeSameAs(first.Site);
        second.FindQuestionnaire("rag-vs-fine-tuning").Should().BeSameAs(first.FindQuestionnaire("rag-vs-fine-tuning"));
        second.Files.Where(f => f.Path is "site.yaml" or "questionnaires/rag-vs-fine-tuning.yaml")
            .Should().OnlyContain(f => f.Serving == FileServing.LastGood && f.HasErrors);
    }

    [Fact]
    public void PersonaWithAMistake_IsReportedAndTheOthersStillCount()
    {
        using var content = TempContent.CopyOfShipped();
        File.AppendAllText(content.PathOf("personas/rag-vs-fine-tuning.yaml"), "  - name: typo\n    answers: { gap: behaviour }\n    expect: rag\n");

        var shipped = ContentLoader.Load(TestPaths.Content).PersonasFor("rag-vs-fine-tuning").Select(p => p.Name);

        var snapshot = ContentLoader.Load(content.Root);

        snapshot.PersonasFor("rag-vs-fine-tuning").Select(p => p.Name).Should().Equal(shipped);
        snapshot.Files.Single(f => f.Path.StartsWith("personas/", StringComparison.Ordinal)).Diagnostics
            .Should().ContainSingle(d => d.IsError && d.Message.Contains("'behaviour' is not an answer to 'gap'"));
    }
}

internal static class SnapshotTestExtensions
{
    /// <summary>Writes a file and loads again on top of this snapshot: one editor save.</summary>
    public static ContentSnapshot WithFile(this ContentSnapshot snapshot, TempContent content, string path, string text)
    {
        content.Write(path, text);
        return ContentLoader.Load(content.Root, previous: snapshot);
    }
}
