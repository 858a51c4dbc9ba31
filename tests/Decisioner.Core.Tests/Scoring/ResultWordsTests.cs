using Decisioner.Core.Checking;
using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Scoring;

/// <summary>The words of a result fit its timing and its outcome, and read well aloud.</summary>
public sealed class ResultWordsTests
{
    private static readonly Questionnaire Quiz = ShippedQuiz.Questionnaire;

    private static Recommendation Recommend(string query)
    {
        var parsed = AnswerParser.Parse(Quiz, query.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string?>(p[0], p[1])));
        parsed.Problems.Should().BeEmpty();
        return ScoringEngine.Recommend(parsed.Answers);
    }

    private static IEnumerable<AnswerSet> Sample(int count)
    {
        var random = new Random(20261130);
        var choices = new sbyte[Quiz.Questions.Count];
        for (var i = 0; i < count; i++)
        {
            for (var q = 0; q < choices.Length; q++)
            {
                choices[q] = random.Next(4) == 0 ? AnswerSet.Unanswered : (sbyte)random.Next(Quiz.Questions[q].Options.Count);
            }

            yield return AnswerSet.FromChoices(Quiz, choices);
        }
    }

    [Fact]
    public void WhileTrainingWaitsOnPrompting_TheResultSaysMayNeed_NeverNeeds()
    {
        foreach (var answers in Sample(5_000))
        {
            var result = ScoringEngine.Recommend(answers);
            var waits = result.Plan.Any(p => p.Step == PlanStep.Prompting);
            result.TrainingWaitsOnPrompting.Should().Be(waits && result.Outcome != Outcome.Rag, answers.ToString());
            if (!result.TrainingWaitsOnPrompting)
            {
                continue;
            }

            var tentative = Quiz.OutcomeTexts[result.Outcome].Tentative!;
            result.Timing.Should().NotBe(Timing.Now, "training is not ready while it waits on prompting");
            result.OutcomeTitle.Should().Be(tentative.Title);
            result.Sentence.Should().Be(tentative.Sentence);
            result.Headline.Should().EndWith("; " + tentative.HeadlineEnd).And.Contain(Quiz.StepInfo(PlanStep.Prompting).Headline);
            result.TimingText.Should().Be(Quiz.TimingInfo(result.Outcome, result.Timing).PromptingFirstText);
        }
    }

    [Fact]
    public void TheTimingIsLabelledAsWhatItIs_ReadinessToTrain_OrWhenToStartBuilding()
    {
        Recommend("gap=behavior&prompting=not-yet").TimingLine.Should().Be($"{Quiz.TimingName(Outcome.FineTuning)}: {Quiz.TimingInfo(Outcome.FineTuning, Timing.NotYet).Status}");
        Recommend("gap=missing-knowledge").TimingLine.Should().Be($"{Quiz.TimingName(Outcome.Rag)}: {Quiz.TimingInfo(Outcome.Rag, Timing.Now).Status}");
        Quiz.TimingName(Outcome.FineTuning).Should().NotBe(Quiz.TimingName(Outcome.Rag), "RAG has nothing to train");
    }

    [Fact]
    public void ATimelineOfDays_NeverContradictsAPlanThatStartsTraining()
    {
        var result = Recommend("gap=behavior&change-rate=rarely&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service&timeline=days");

        result.Plan[0].Step.Should().Be(PlanStep.FineTune);
        result.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "timeline").Text.Should().NotContainEquivalentOf("rarely fits");
    }

    [Fact]
    public void ReadyToFineTuneFlag_NeedsEveryCondition_EachAloneShowsNothing()
    {
        var gate = Quiz.Gates.Single(g => g.Id == "knowledge-gap");
        var conditions = gate.FlagWhen!.AnyOf.Select(c => $"{c.Key}={c.Value[0]}").ToList();
        conditions.Should().HaveCountGreaterThan(1);

        Recommend("gap=missing-knowledge&" + string.Join('&', conditions)).Flags.Should().ContainSingle().Which.Should().Be(gate.FlagText);
        foreach (var alone in conditions)
        {
            Recommend("gap=missing-knowledge&" + alone).Flags.Should().BeEmpty(alone + " alone");
        }

        foreach (var left in conditions)
        {
            Recommend("gap=missing-knowledge&" + string.Join('&', conditions.Where(c => c != left))).Flags.Should().BeEmpty($"all but {left}");
        }
    }

    [Fact]
    public void OnARagResult_NoReasonTalksAboutTraining_UnlessItArguesForRetrieval()
    {
        foreach (var answers in Sample(5_000))
        {
            var result = ScoringEngine.Recommend(answers);
            if (result.Outcome != Outcome.Rag)
            {
                continue;
            }

            foreach (var reason in result.Reasons.OfType<AnswerReason>().Where(r => r.SetAsideBy is null && r.Option.Weights.Rag <= r.Option.Weights.FineTuning))
            {
                ReasonWording.NamesTraining(reason.Text).Should().BeFalse($"{reason.Question.Id}={reason.Option.Id} on {answers}: {reason.Text}");
            }
        }
    }

    [Fact]
    public void Check_FlagsAReasonThatNamesTrainingOnARagResult()
    {
        using var content = TempContent.CopyOfShipped();
        const string Path = "questionnaires/rag-vs-fine-tuning.yaml";
        var text = File.ReadAllText(content.PathOf(Path));
        var edited = text.Replace("          rag: Prompting has been pushed hard. Better prompts cannot supply missing facts; retrieval can.\n", "", StringComparison.Ordinal)
            .Replace("        why-for:\n      - id: some", "      - id: some", StringComparison.Ordinal);
        edited.Should().NotBe(text);
        content.Write(Path, edited);

        var report = ContentCheck.Run(ContentLoader.Load(content.Root));

        report.Diagnostics.Should().ContainSingle(d => !d.IsError).Which.Message.Should().StartWith("'prompting=exhausted': its reason names training, and it is shown on RAG results");
    }

    [Fact]
    public void PlanReasons_AreSentences_NotLabelsAndStatuses()
    {
        foreach (var answers in Sample(2_000))
        {
            foreach (var item in ScoringEngine.Recommend(answers).Plan)
            {
                item.Why.Should().NotContain("(not ready yet)").And.NotContain(": not answered yet");
                item.Why.Should().MatchRegex(@"^[A-Z\u201c].*[.!?]$", item.Step.Id());
            }
        }
    }

    [Theory]
    [InlineData("gap=missing-knowledge&change-rate=monthly", 1)]
    [InlineData("gap=behavior&change-rate=rarely&long-tail=little&sources=not-needed", 2)]
    [InlineData("gap=both", 3)]
    [InlineData("gap=unsure", 5)]
    [InlineData("gap=behavior&facts-in-input=some&change-rate=daily", 6)]
    [InlineData("gap=task-skill&facts-in-input=all&change-rate=daily&sources=required", 13)]
    public void WhenARuleDecides_TheResultNamesItAndWhatWouldChangeIt_InsteadOfAMargin(string answers, int principle)
    {
        var result = Recommend(answers);

        result.DecidedBy.Should().Be(QuizPrinciples.All.Single(p => p.Number == principle));
        result.Clarity.Should().Be(Clarity.Rule);
        result.Confidence.Should().StartWith("Decided by a rule").And.Contain(result.DecidedBy!.Statement).And.NotContain("points");
        var changers = result.Flips.Where(f => f.Outcome != result.Outcome).Select(f => f.Question.Label.ToLowerInvariant()).Distinct();
        result.Confidence.Should().ContainAll(changers);
    }

    [Fact]
    public void WhenTheScoresDecide_TheMarginIsLabelledAsScores()
    {
        var result = Recommend("change-rate=daily&sources=required");

        result.DecidedBy.Should().BeNull("the gap was not answered");
        result.Confidence.Should().StartWith("Decided by the scores").And.Contain($"{result.Scores[result.Outcome]} of 100 points");
    }

    [Fact]
    public void NotAsked_ComesFromContent_AndLinksOnlyToGuideSections()
    {
        var notAsked = Quiz.NotAsked!;

        notAsked.Topics.Should().NotBeEmpty();
        notAsked.Topics.Where(t => t.LearnMore is not null).Should().OnlyContain(t => t.LearnMore!.StartsWith("/guides/", StringComparison.Ordinal));
    }
}
