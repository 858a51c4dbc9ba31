using System.Globalization;
using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
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
        var quiz = report.Snapshot.FindQuestionnaire(QuizContract.QuestionnaireId)!;
        var everySet = AnswerSpace.CompleteCount(quiz).ToString("N0", CultureInfo.InvariantCulture);
        var personas = report.Snapshot.PersonasFor(QuizContract.QuestionnaireId).Count();

        report.ErrorCount.Should().Be(0, output);
        report.WarningCount.Should().Be(0, output);
        report.Personas.Should().HaveCount(personas).And.OnlyContain(p => p.Passed);
        output.Should().MatchRegex($@"quiz rag-vs-fine-tuning: {everySet} complete answer sets \([\d,]+ scored, each standing for the sets that differ only in answers no rule reads\): rag \d+\.\d%, fine-tuning \d+\.\d%, both \d+\.\d%; timing now \d+\.\d%, not-yet \d+\.\d%, confirm-first 0\.0%; principles 1-7 and 11-16 hold");
        output.Should().Contain($"personas: {personas} of {personas} get their expected outcome, timing and first step");
        output.Should().EndWith($"checked {report.Snapshot.Files.Count} files: 0 errors, 0 warnings" + Environment.NewLine);
    }

    [Theory]
    [InlineData("guides/rag-vs-long-context.md", "updated: 2026-11-30", "updated: May 2026", "May 2026", "error: 'updated' must be a date")]
    [InlineData("guides/rag-vs-long-context.md", "difficulty: Intermediate", "dificulty: Intermediate", "dificulty", "warning: unknown key 'dificulty'")]
    [InlineData("guides/rag-vs-long-context.md", "title: RAG vs long-context prompting", "title: [RAG", "", "error: YAML syntax")]
    [InlineData("guides/rag-vs-long-context.md", "(/guides/rag-vs-fine-tuning#quick-take)", "(/guides/rag-vs-fine-tuning#quick-tak)", "[RAG vs fine-tuning](/guides/rag-vs-fine-tuning#quick-tak)", "error: link to '/guides/rag-vs-fine-tuning#quick-tak': guides/rag-vs-fine-tuning.md has no heading with id 'quick-tak' (did you mean '#quick-take'?)")]
    [InlineData("guides/rag-vs-long-context.md", "(/guides/rag-vs-fine-tuning#quick-take)", "(/guides/rag-vs-finetuning)", "[RAG vs fine-tuning](/guides/rag-vs-finetuning)", "error: link to '/guides/rag-vs-finetuning': no guide has that slug")]
    [InlineData("guides/rag-vs-long-context.md", "## Next step\n", "## Next step\n\n![diagram](/media/missing.png)\n", "![diagram]", "error: image '/media/missing.png' does not exist")]
    [InlineData("guides/rag-vs-long-context.md", "## Side by side\n", "## Empty one\n\n## Side by side\n", "## Empty one", "warning: empty section 'Empty one'")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "  - id: long-tail", "  - id: longtail", "", "error: contract question 'long-tail' is missing")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "weights: { rag: 6, fine-tuning: -6, both: 2 }", "weights: { rag: 6, fine_tuning: -6, both: 2 }", "fine_tuning", "error: unknown outcome 'fine_tuning'")]
    [InlineData("personas/rag-vs-fine-tuning.yaml", "answers: { gap: unsure }", "answers: { gap: unsure, mood: happy }", "mood", "error: persona 'nobody knows yet': 'mood' is not a question")]
    [InlineData("personas/rag-vs-fine-tuning.yaml", "    timing: confirm-first", "    timing: later", "later", "error: unknown timing 'later': use now, not-yet or confirm-first")]
    [InlineData("personas/rag-vs-fine-tuning.yaml", "    first-step: write-target", "    first-step: write-the-target", "write-the-target", "error: unknown plan step 'write-the-target'")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "    step: collect-examples", "    step: collect-example", "collect-example\\n", "error: readiness: unknown plan step 'collect-example'")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "    ready: [precise, rough]", "    ready: [precise]", "question: target-clarity", "error: readiness of 'target-clarity' must count exactly [precise, rough] as ready (principle 4 (readiness decides the timing) of the quiz contract)")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "    ignore: [change-rate, long-tail, sources, documents]", "    ignore: [change-rate, longtail, sources, documents]", "[change-rate, longtail", "error: set-aside 'facts-in-input' names 'longtail', which is not a question here")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "  write-target:\n    headline:", "  write-targets:\n    headline:", "write-targets", "error: unknown plan step 'write-targets'")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "(/guides/glossary#rubric)", "(/guides/glossary#rubrics)", "  - id: target-clarity", "error: question 'target-clarity': help link '/guides/glossary#rubrics': guides/glossary.md has no heading with id 'rubrics' (did you mean '#rubric'?)")]
    [InlineData("questionnaires/rag-vs-fine-tuning.yaml", "learn-more: /guides/retrieval-that-finds-the-passage#measure-retrieval-recall-first", "learn-more: /guides/retrieval-that-finds-the-passage#measure-retrieval-recal-first", "  retrieval:\n    headline", "error: plan step 'retrieval': learn-more '/guides/retrieval-that-finds-the-passage#measure-retrieval-recal-first': guides/retrieval-that-finds-the-passage.md has no heading with id 'measure-retrieval-recal-first' (did you mean '#measure-retrieval-recall-first'?)")]
    public void EachKindOfProblem_IsReportedWithItsPathLineAndColumn(string file, string find, string replace, string at, string expected)
    {
        find = find.Replace("\\n", "\n", StringComparison.Ordinal);
        replace = replace.Replace("\\n", "\n", StringComparison.Ordinal);
        at = at.Replace("\\n", "\n", StringComparison.Ordinal);
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
        var edited = text.Replace("change how a model writes.\n        weights: { rag: -8, fine-tuning: 8, both: 4 }", "change how a model writes.\n        weights: { rag: -8, fine-tuning: 2, both: 6 }", StringComparison.Ordinal);
        edited.Should().NotBe(text);
        content.Write(path, edited);

        var (report, output) = Check(content.Root);

        report.Personas.Should().Contain(p => !p.Passed && p.Persona.Name == "brand-voice support replies");
        var personas = File.ReadAllLines(content.PathOf("personas/rag-vs-fine-tuning.yaml"));
        var line = Array.FindIndex(personas, l => l.Contains("- name: brand-voice support replies", StringComparison.Ordinal)) + 1;
        output.Should().Contain($"content/personas/rag-vs-fine-tuning.yaml:{line}:5: error: persona 'brand-voice support replies' now gets both, now, first step retrieval; expected fine-tuning, now, first step fine-tune");
        output.Should().Contain("moved most by gap=behavior");
    }
}
