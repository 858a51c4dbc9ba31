using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using System.Text.RegularExpressions;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Checking;

public sealed class ContentCheckTests
{
    private static (CheckReport Report, string Output) Check(string root, string display = "content")
    {
        var report = ContentCheck.Run(ContentLoader.Load(root));
        using var output = new StringWriter();
        ContentCheck.Write(report, output, display);
        return (report, output.ToString());
    }

    [Fact]
    public void ShippedContent_IsClean_AndTheQuizHoldsItsPrinciples()
    {
        var (report, output) = Check(TestPaths.Content);

        report.ErrorCount.Should().Be(0, output);
        report.WarningCount.Should().Be(0, output);
        report.Personas.Should().OnlyContain(p => p.Passed);
        output.Should().MatchRegex(@"quiz rag-vs-fine-tuning: 5,668,704 complete answer sets: rag \d+\.\d%, fine-tuning \d+\.\d%, both \d+\.\d%; principles 4, 6 and 7 hold");
        output.Should().EndWith("checked 6 files: 0 errors, 0 warnings" + Environment.NewLine);
    }

    [Theory]
    [InlineData("guides/rag-vs-long-context.md", "updated: 2026-05-12", "updated: May 2026", "May 2026", "error: 'updated' must be a date")]
    [InlineData("guides/rag-vs-long-context.md", "difficulty: Intermediate", "dificulty: Intermediate", "dificulty", "warning: unknown key 'dificulty'")]
    [InlineData("guides/rag-vs-long-context.md", "title: RAG vs long-context prompting", "title: [RAG", "", "error: YAML syntax")]
    [InlineData("guides/rag-vs-long-context.md", "(/guides/rag-vs-fine-tuning#quick-take)", "(/guides/rag-vs-fine-tuning#quick-tak)", "[RAG vs fine-tuning](/guides/rag-vs-fine-tuning#quick-tak)", "error: link to '/guides/rag-vs-fine-tuning#quick-tak': guides/rag-vs-fine-tuning.md has no heading with id 'quick-tak' (did you mean '#quick-take'?)")]
    [InlineData("guides/rag-vs-long-context.md", "(/guides/rag-vs-fine-tuning#quick-take)", "(/guides/rag-vs-finetuning)", "[RAG vs fine-tuning](/guides/rag-vs-finetuning)", "error: link to '/guides/rag-vs-finetuning': no guide has that slug")]
    [InlineData("guides/rag-vs-long-context.md", "## Next step\n", "## Next step\n\n![diagram](/media/missing.png)\n", "![diagram]", "error: image '/media/missing.png' does not exist")]
    [InlineData("guides/rag-vs-long-context.md", "## Side by side\n", "## Empty one\n\n## Side by side\n", "## Empty one", "warning: empty section 'Empty one'")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "  - id: long-tail", "  - id: longtail", "", "error: contract question 'long-tail' is missing")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "weights: { rag: 6, fine-tuning: -6, both: 2 }", "weights: { rag: 6, fine_tuning: -6, both: 2 }", "fine_tuning", "error: unknown outcome 'fine_tuning'")]
    [InlineData("personas/rag-vs-fine-tuning.yaml", "answers: { gap: unsure }", "answers: { gap: unsure, mood: happy }", "mood", "error: persona 'nobody knows yet': 'mood' is not a question")]
    public void EachKindOfProblem_IsReportedWithItsPathLineAndColumn(string file, string find, string replace, string at, string expected)
    {
        find = find.Replace("\\n", "\n", StringComparison.Ordinal);
        replace = replace.Replace("\\n", "\n", StringComparison.Ordinal);
        using var content = TempContent.CopyOfShipped();
        var text = File.ReadAllText(content.PathOf(file));
        text.Should().Contain(find);
        var edited = text.Replace(find, replace, StringComparison.Ordinal);
        content.Write(file, edited);

        var (report, output) = Check(content.Root);

        if (at.Length == 0)
        {
            output.Should().MatchRegex($"content/{Regex.Escape(file)}:\\d+:\\d+: {Regex.Escape(expected)}");
        }
        else
        {
            var offset = edited.IndexOf(at, StringComparison.Ordinal);
            var line = edited[..offset].Count(c => c == '\n') + 1;
            var column = offset - edited.LastIndexOf('\n', Math.Max(0, offset - 1));
            output.Should().Contain($"content/{file}:{line}:{column}: {expected}");
        }

        (report.ErrorCount > 0).Should().Be(expected.StartsWith("error", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateSlug_IsAnError()
    {
        using var content = TempContent.CopyOfShipped();
        var text = File.ReadAllText(content.PathOf("guides/rag-vs-long-context.md"));
        content.Write("guides/zz-copy.md", text.Replace("title: RAG vs long-context prompting", "title: Copy\nslug: rag-vs-long-context", StringComparison.Ordinal));

        var (report, output) = Check(content.Root);

        report.ErrorCount.Should().BeGreaterThan(0);
        output.Should().Contain("content/guides/zz-copy.md:1:1: error: slug 'rag-vs-long-context' is already used by guides/rag-vs-long-context.md");
    }

    [Fact]
    public void WeightChangeThatFlipsAPersona_IsReportedWithItsName()
    {
        using var content = TempContent.CopyOfShipped();
        var path = "questionnaires/rag-vs-fine-tuning.yaml";
        var text = File.ReadAllText(content.PathOf(path));
        var edited = text.Replace("weights: { rag: -8, fine-tuning: 8, both: 4 }", "weights: { rag: 4, fine-tuning: -2, both: 2 }", StringComparison.Ordinal);
        edited.Should().NotBe(text);
        content.Write(path, edited);

        var (report, output) = Check(content.Root);

        report.Personas.Should().Contain(p => !p.Passed && p.Persona.Name == "brand-voice support replies");
        output.Should().Contain("content/personas/rag-vs-fine-tuning.yaml:12:5: error: persona 'brand-voice support replies' now gets both, expected fine-tuning");
        output.Should().Contain("moved most by gap=behavior");
    }
}
