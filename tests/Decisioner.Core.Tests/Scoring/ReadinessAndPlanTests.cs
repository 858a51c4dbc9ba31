using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Scoring;

/// <summary>What version 3 of the contract added: prompting and documents as readiness lines, the cost-limit exception, principles 14, 15 and 16.</summary>
public sealed class ReadinessAndPlanTests
{
    private static readonly Questionnaire Quiz = ShippedQuiz.Questionnaire;

    private static Recommendation Recommend(string query)
    {
        var parsed = AnswerParser.Parse(Quiz, query.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string?>(p[0], p[1])));
        parsed.Problems.Should().BeEmpty();
        return ScoringEngine.Recommend(parsed.Answers);
    }

    private static PlanStep[] Steps(Recommendation r) => [.. r.Plan.Select(p => p.Step)];

    private const string ReadyBehaviour = "gap=behavior&change-rate=rarely&examples=over-500&target-clarity=precise&capacity=own-infrastructure";

    [Theory]
    [InlineData("some")]
    [InlineData("not-yet")]
    public void Principle4_PromptingNotPushed_MeansTrainingIsNotReady(string prompting)
    {
        var result = Recommend($"{ReadyBehaviour}&evaluation=automated&prompting={prompting}");

        result.Timing.Should().Be(Timing.NotYet);
        result.Readiness.IsReady.Should().BeFalse();
        result.Readiness.Checks.Should().ContainSingle(c => c.Status == ReadinessStatus.Missing).Which.Question.Id.Should().Be("prompting");
        Steps(result).Should().Equal(PlanStep.Prompting, PlanStep.FineTune);
        result.Flips.Should().Contain(f => f.Question.Id == "prompting" && f.Option.Id == "exhausted" && f.Timing == Timing.Now);
    }

    [Fact]
    public void Principle4_TheCostLimitException_LiftsThePromptingLine_OnlyWithAllThreeAnswers()
    {
        const string Distillation = ReadyBehaviour + "&evaluation=automated&efficiency=hard-limit&prompting=not-yet";
        var waived = Recommend(Distillation);

        waived.Timing.Should().Be(Timing.Now);
        Steps(waived).Should().Equal(PlanStep.FineTune);
        waived.Readiness.Checks.Single(c => c.Question.Id == "prompting").Status.Should().Be(ReadinessStatus.Waived);
        waived.Plan[0].Why.Should().Be(Quiz.StepInfo(PlanStep.FineTune).WhyWhen[PlanCase.CostLimitException]);
        waived.TrainingWaitsOnPrompting.Should().BeFalse();
        waived.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "prompting").Text
            .Should().Be(Quiz.Readiness.Single(r => r.QuestionId == "prompting").IfWaived, "its usual reason says the plan starts with prompting");

        // Each of the three conditions taken away on its own brings the prompting line back.
        foreach (var (from, to) in new[] { ("efficiency=hard-limit", "efficiency=matters"), ("examples=over-500", "examples=50-500"), ("evaluation=automated", "evaluation=manual-review") })
        {
            var result = Recommend(Distillation.Replace(from, to, StringComparison.Ordinal));
            result.Timing.Should().Be(Timing.NotYet, to);
            Steps(result)[0].Should().Be(PlanStep.Prompting, to);
        }
    }

    [Fact]
    public void Principle14_NoDocuments_MeansNotYet_ForRagAndBoth_AndTheFlipsSayOrganisedDocumentsWouldChangeIt()
    {
        var rag = Recommend("gap=missing-knowledge&documents=none&evaluation=automated");
        var both = Recommend("gap=both&change-rate=yearly&documents=none&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service");

        rag.Outcome.Should().Be(Outcome.Rag);
        rag.Timing.Should().Be(Timing.NotYet);
        Steps(rag).Should().Equal(PlanStep.GatherSources, PlanStep.Retrieval);
        rag.Readiness.Checks.Should().ContainSingle().Which.Should().Match<ReadinessCheck>(c => c.Question.Id == "documents" && c.Status == ReadinessStatus.Missing && c.Scope == ReadinessScope.Retrieval);
        rag.Flips.Should().Contain(f => f.Question.Id == "documents" && f.Option.Id == "organized" && f.Outcome == Outcome.Rag && f.Timing == Timing.Now);
        rag.TimingLine.Should().Be($"{Quiz.TimingName(Outcome.Rag)}: {Quiz.TimingInfo(Outcome.Rag, Timing.NotYet).Status}");

        both.Outcome.Should().Be(Outcome.Both);
        both.Timing.Should().Be(Timing.NotYet);
        Steps(both).Should().Equal(PlanStep.GatherSources, PlanStep.Retrieval, PlanStep.FineTune);
        both.Flips.Should().Contain(f => f.Question.Id == "documents" && f.Option.Id == "organized" && f.Timing == Timing.Now);
    }

    [Fact]
    public void Principle14_ScatteredDocuments_AreGatheredFirst_ButBuildingStartsNow()
    {
        var result = Recommend("gap=stale-knowledge&documents=scattered&evaluation=automated");

        result.Timing.Should().Be(Timing.Now);
        Steps(result).Should().Equal(PlanStep.GatherSources, PlanStep.Retrieval);
        result.Plan[0].Why.Should().StartWith("You said \u201cYes, but scattered\u201d about documents.");
    }

    [Fact]
    public void Principle14_DocumentsUnanswered_ChangeNothing_AndShowAsNotConfirmed()
    {
        var result = Recommend("gap=missing-knowledge&evaluation=automated");

        result.Timing.Should().Be(Timing.Now);
        Steps(result).Should().Equal(PlanStep.Retrieval);
        result.Readiness.Checks.Should().ContainSingle().Which.Status.Should().Be(ReadinessStatus.Unknown);
    }

    [Fact]
    public void Principle14_DocumentsSetAsideByPrinciple13_HoldNothingBack()
    {
        var result = Recommend("gap=unsure&facts-in-input=all&documents=none");

        result.Outcome.Should().Be(Outcome.Rag);
        result.Timing.Should().Be(Timing.Now);
        Steps(result).Should().NotContain(PlanStep.GatherSources);
        result.Readiness.Checks.Should().BeEmpty("the only retrieval line was set aside");
    }

    [Fact]
    public void Principle15_NoEvaluation_PutsTheEvaluationSetBeforePromptingAndTraining_AndAfterRetrievalForBoth()
    {
        var fineTuning = Recommend("gap=behavior&change-rate=rarely&evaluation=none&prompting=not-yet&examples=50-500&target-clarity=precise&capacity=managed-service");
        var both = Recommend("gap=behavior&facts-in-input=some&change-rate=daily&documents=scattered&evaluation=none&prompting=not-yet&examples=50-500&target-clarity=precise&capacity=managed-service");
        var unanswered = Recommend("gap=behavior&change-rate=rarely&prompting=not-yet&examples=50-500&target-clarity=precise&capacity=managed-service");

        Steps(fineTuning).Should().Equal(PlanStep.BuildEvaluation, PlanStep.Prompting, PlanStep.FineTune);
        Steps(both).Should().Equal(PlanStep.GatherSources, PlanStep.Retrieval, PlanStep.BuildEvaluation, PlanStep.Prompting, PlanStep.FineTune);
        Steps(unanswered).Should().Equal(PlanStep.Prompting, PlanStep.BuildEvaluation, PlanStep.FineTune);
    }

    [Theory]
    [InlineData("missing-knowledge")]
    [InlineData("stale-knowledge")]
    public void Principle16_AKnowledgeGapWithEveryFactInTheRequest_IsDiagnosed_AndDocumentsCountAgain(string gap)
    {
        var result = Recommend($"gap={gap}&facts-in-input=all&change-rate=monthly&documents=none");

        result.Outcome.Should().Be(Outcome.Rag);
        result.Timing.Should().Be(Timing.NotYet, "documents count again, and there are none");
        Steps(result).Should().Equal(PlanStep.Diagnose, PlanStep.GatherSources, PlanStep.Retrieval, PlanStep.BuildEvaluation);
        result.Plan[0].Why.Should().Be(Quiz.StepInfo(PlanStep.Diagnose).WhyWhen[PlanCase.FactsContradictGap]);
        var setAside = result.SetAsideReasons.Should().ContainSingle().Subject;
        setAside.SetAside.Select(q => q.Id).Should().Equal("facts-in-input");
        result.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "documents").SetAsideBy.Should().BeNull();
    }

    [Fact]
    public void Principle16_OneRuleOneStory_TheSetAsideNoteNeverSaysDocumentsAreSetAside()
    {
        var result = Recommend("gap=missing-knowledge&facts-in-input=all&sources=required&documents=organized");

        var facts = result.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "facts-in-input");
        facts.SetAsideBy!.Id.Should().Be("gap-names-knowledge");
        facts.Text.Should().Be(facts.SetAsideBy.Reason, "an answer set aside is explained by the rule that set it aside");
        foreach (var text in result.SetAsideReasons.Select(r => r.Text).Append(facts.Text))
        {
            text.Should().NotMatchRegex("(sources|documents)[^.]*are set aside");
        }

        result.Reasons.OfType<AnswerReason>().Where(r => r.Question.Id is "sources" or "documents").Should().OnlyContain(r => r.SetAsideBy == null && !r.Effect.IsZero);
    }

    [Fact]
    public void WholeSpaceCheck_CatchesAPlanThatBreaksPrinciples14To16()
    {
        var principles = new ContractPrinciples(Quiz);
        string? CheckWithPlan(string query, params PlanStep[] plan)
        {
            var answers = Complete(query);
            var tally = Quiz.Kernel.TallyOf(answers);
            return principles.Check(Quiz, answers, tally, ScoringEngine.Judge(Quiz, answers), plan, (sbyte[])answers.Clone());
        }

        const string NoDocuments = "gap=missing-knowledge&facts-in-input=some&documents=none&evaluation=automated";
        CheckWithPlan(NoDocuments, PlanStep.GatherSources, PlanStep.Retrieval).Should().BeNull("the shipped plan for these answers");
        CheckWithPlan(NoDocuments, PlanStep.Retrieval).Should().StartWith(QuizPrinciples.RetrievalReadiness.ToString());

        const string NoEvaluation = "gap=behavior&facts-in-input=some&evaluation=none&prompting=exhausted&examples=50-500&target-clarity=not-yet&capacity=managed-service";
        CheckWithPlan(NoEvaluation, PlanStep.BuildEvaluation, PlanStep.WriteTarget, PlanStep.FineTune).Should().BeNull();
        CheckWithPlan(NoEvaluation, PlanStep.WriteTarget, PlanStep.BuildEvaluation, PlanStep.FineTune).Should().StartWith(QuizPrinciples.MeasureFirst.ToString());

        const string Contradiction = "gap=stale-knowledge&facts-in-input=all&documents=organized&evaluation=automated";
        CheckWithPlan(Contradiction, PlanStep.Diagnose, PlanStep.Retrieval).Should().BeNull();
        CheckWithPlan(Contradiction, PlanStep.Retrieval).Should().StartWith(QuizPrinciples.ContradictionsDiagnosed.ToString());
    }

    /// <summary>A complete answer set: the answers given, and the first option of every other question.</summary>
    private static sbyte[] Complete(string query)
    {
        var given = query.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var defaults = new Dictionary<string, string> { ["change-rate"] = "rarely", ["long-tail"] = "little", ["sources"] = "not-needed", ["efficiency"] = "matters", ["examples"] = "over-500", ["target-clarity"] = "precise", ["capacity"] = "managed-service", ["prompting"] = "exhausted", ["documents"] = "organized" };
        return [.. Quiz.Questions.Select(q => (sbyte)q.FindOption(given.GetValueOrDefault(q.Id) ?? defaults.GetValueOrDefault(q.Id) ?? q.Options[0].Id)!.Index)];
    }
}
