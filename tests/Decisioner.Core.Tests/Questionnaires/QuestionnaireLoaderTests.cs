using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Tests;
using YamlDotNet.RepresentationModel;

namespace Decisioner.Core.Tests.Questionnaires;

public sealed class QuestionnaireLoaderTests
{
    private const string Small = """
        id: small
        title: Small quiz
        start: { rag: 50, fine-tuning: 40, both: 40 }
        outcomes:
          rag: { title: RAG, sentence: Use RAG. }
          fine-tuning: { title: FT, sentence: Fine-tune. }
          both: { title: Both, sentence: Both. }
        questions:
          - id: first
            text: First?
            options:
              - id: a
                text: A
                weights: { rag: 5, fine-tuning: -5, both: 0 }
              - id: b
                text: B
                weights: { rag: -5, fine-tuning: 5, both: 0 }
          - id: second
            text: Second?
            options:
              - id: c
                text: C
              - id: d
                text: D
        gates:
          - id: g
            when: { first: [a] }
            forbid: [fine-tuning]
            reason: Because.
        """;

    private static (Questionnaire? Questionnaire, DiagnosticList Diagnostics) Load(string text, string path = "questionnaires/small.yaml")
    {
        var diagnostics = new DiagnosticList(path);
        return (QuestionnaireLoader.Load(path, text, diagnostics), diagnostics);
    }

    private static string ShippedText => File.ReadAllText(Path.Combine(TestPaths.Content, "questionnaires", "rag-vs-fine-tuning.yaml"));

    private static int LineOf(string text, string fragment) =>
        text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void Load_SmallQuestionnaire_ReadsQuestionsOptionsWeightsAndGates()
    {
        var (questionnaire, diagnostics) = Load(Small);

        diagnostics.Items.Should().BeEmpty();
        questionnaire!.Questions.Select(q => q.Id).Should().Equal("first", "second");
        questionnaire.FindQuestion("first")!.FindOption("b")!.Weights.Should().Be(new OutcomeScores(-5, 5, 0));
        questionnaire.Gates.Should().ContainSingle().Which.Forbid.Should().Equal(Outcome.FineTuning);
        questionnaire.Start.Should().Be(new OutcomeScores(50, 40, 40));
    }

    [Fact]
    public void Load_ShippedQuestionnaire_HasNoProblems_AndReadsEveryQuestion()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(ShippedText));
        var written = ((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["questions"]).Children
            .Select(q => ((YamlScalarNode)((YamlMappingNode)q)["id"]).Value);

        var (questionnaire, diagnostics) = Load(ShippedText, "questionnaires/rag-vs-fine-tuning.yaml");

        diagnostics.Items.Should().BeEmpty();
        questionnaire!.Questions.Select(q => q.Id).Should().Equal(written);
    }

    [Fact]
    public void Load_UnknownOutcome_IsAnErrorAtTheKey()
    {
        var text = Small.Replace("weights: { rag: 5, fine-tuning: -5, both: 0 }", "weights: { rag: 5, finetuning: -5, both: 0 }", StringComparison.Ordinal);

        var (questionnaire, diagnostics) = Load(text);

        questionnaire.Should().BeNull();
        diagnostics.Items.Should().ContainSingle(d => d.IsError)
            .Which.Should().Match<ContentDiagnostic>(d => d.Line == LineOf(text, "finetuning") && d.Message.Contains("unknown outcome 'finetuning'"));
    }

    [Fact]
    public void Load_DuplicateQuestionId_IsAnErrorAtTheSecond()
    {
        var text = Small.Replace("  - id: second", "  - id: first", StringComparison.Ordinal);

        var (questionnaire, diagnostics) = Load(text);

        questionnaire.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 18 && d.Column == 9 && d.Message.Contains("duplicate question id 'first'"));
    }

    [Fact]
    public void Load_DuplicateOptionId_IsAnError()
    {
        var text = Small.Replace("      - id: d", "      - id: c", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text);

        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 23 && d.Column == 13 && d.Message.Contains("duplicate option id 'c'"));
    }

    [Fact]
    public void Load_QuestionWithOneOption_IsAnError()
    {
        var text = Small.Replace("      - id: d\n        text: D\n", "", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text);

        diagnostics.Items.Should().Contain(d => d.IsError && d.Line == 21 && d.Message.Contains("at least two options"));
    }

    [Fact]
    public void Load_GateThatForbidsRagOrNamesAnUnknownQuestion_IsAnError()
    {
        var text = Small.Replace("when: { first: [a] }", "when: { third: [a], first: [z] }", StringComparison.Ordinal)
            .Replace("forbid: [fine-tuning]", "forbid: [rag]", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text);

        diagnostics.Items.Where(d => d.IsError).Select(d => d.Message).Should()
            .Contain(m => m.Contains("'third', which is not a question"))
            .And.Contain(m => m.Contains("'z' is not an answer to 'first'"))
            .And.Contain(m => m.Contains("cannot forbid rag"));
    }

    [Fact]
    public void Load_ScoresThatCouldLeaveZeroToOneHundred_AreAnError()
    {
        var text = Small.Replace("start: { rag: 50", "start: { rag: 98", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text);

        diagnostics.Items.Should().ContainSingle(d => d.IsError && d.Line == 3 && d.Message.Contains("rag score can reach 103"));
    }

    [Fact]
    public void Load_ContractQuestionnaireMissingAnOption_IsAnErrorNamingIt()
    {
        var text = ShippedText.Replace("      - id: task-skill", "      - id: task-skills", StringComparison.Ordinal);

        var (questionnaire, diagnostics) = Load(text, "questionnaires/rag-vs-fine-tuning.yaml");

        questionnaire.Should().BeNull();
        diagnostics.Items.Should().Contain(d => d.IsError && d.Message.Contains("contract option 'gap=task-skill' is missing")
            && d.Line == LineOf(text, "  - id: gap"));
    }

    [Fact]
    public void Load_ContractQuestionnaireMissingAQuestion_IsAnError()
    {
        var text = ShippedText.Replace("  - id: timeline", "  - id: deadline", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text, "questionnaires/rag-vs-fine-tuning.yaml");

        diagnostics.Items.Should().Contain(d => d.IsError && d.Message.Contains("contract question 'timeline' is missing"));
    }

    [Fact]
    public void Load_WeightThatBreaksMonotonicity_IsAnErrorAtTheWeights()
    {
        var text = ShippedText.Replace(
            "no training cycle keeps pace.\n        weights: { rag: 6, fine-tuning: -6, both: 6 }",
            "no training cycle keeps pace.\n        weights: { rag: 2, fine-tuning: -6, both: 6 }",
            StringComparison.Ordinal);
        text.Should().NotBe(ShippedText);

        var (_, diagnostics) = Load(text, "questionnaires/rag-vs-fine-tuning.yaml");

        diagnostics.Items.Should().Contain(d => d.IsError && d.Message.Contains("principle 7")
            && d.Line == LineOf(text, "weights: { rag: 2, fine-tuning: -6"));
    }

    [Fact]
    public void Load_ReservedQuestionId_IsAnError()
    {
        var text = Small.Replace("  - id: second", "  - id: presenter", StringComparison.Ordinal);

        var (_, diagnostics) = Load(text);

        diagnostics.Items.Should().Contain(d => d.IsError && d.Message.Contains("used by the quiz page itself"));
    }

    [Fact]
    public void Load_HelpText_IsRenderedSafely()
    {
        var text = Small.Replace("    text: First?", "    text: First?\n    help: See [this](javascript:alert(1)) and **that**", StringComparison.Ordinal);

        var (questionnaire, _) = Load(text);

        questionnaire!.Questions[0].HelpHtml.Should().Be("See this and <strong>that</strong>");
    }
}
