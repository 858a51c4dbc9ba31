using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Scoring;

/// <summary>The contract's ten principles, each its own test, against the shipped questionnaire.</summary>
public sealed class ScoringEngineTests
{
    private static readonly Questionnaire Quiz = ContentLoader.Load(TestPaths.Content).FindQuestionnaire(QuizContract.QuestionnaireId)
        ?? throw new InvalidOperationException("the shipped questionnaire did not load");

    private static AnswerSet Answers(string query)
    {
        var pairs = query.Length == 0
            ? []
            : query.Split('&').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string?>(p[0], p[1]));
        var parsed = AnswerParser.Parse(Quiz, pairs);
        parsed.Problems.Should().BeEmpty();
        return parsed.Answers;
    }

    private static Outcome OutcomeOf(string query) => ScoringEngine.Recommend(Answers(query)).Outcome;

    /// <summary>A seeded sample of answer sets, some questions left unanswered.</summary>
    private static IEnumerable<AnswerSet> Sample(int count, int seed = 20261127)
    {
        var random = new Random(seed);
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

    /// <summary>
    /// Allowed choices per question: the named options ("" for unanswered), or every option, plus
    /// unanswered when <paramref name="partial"/>. The goal stays unanswered: it never moves the outcome
    /// (<see cref="Goal_NeverMovesTheOutcome"/>), and leaving it out keeps the regions small.
    /// </summary>
    private static sbyte[][] Region(Dictionary<string, string[]> fixedAnswers, bool partial = true)
    {
        return [.. Quiz.Questions.Select(q =>
            fixedAnswers.TryGetValue(q.Id, out var options)
                ? options.Select(o => o == "" ? AnswerSet.Unanswered : (sbyte)q.FindOption(o)!.Index).ToArray()
                : q.Id == "goal"
                    ? [AnswerSet.Unanswered]
                    : (partial ? new[] { AnswerSet.Unanswered } : []).Concat(q.Options.Select(o => (sbyte)o.Index)).ToArray())];
    }

    private static List<string> Violations(sbyte[][] region, Func<Outcome, bool> expected)
    {
        var violations = new List<string>();
        AnswerSpace.ForEach(region, choices =>
        {
            if (!expected(ScoringEngine.Decide(Quiz, choices)) && violations.Count < 5)
            {
                violations.Add(AnswerSet.FromChoices(Quiz, choices).ToString());
            }
        });
        return violations;
    }

    /// <summary>Every complete answer set with the fixed answers, then a seeded sample of partial ones.</summary>
    private static List<string> ViolationsInRegion(Dictionary<string, string[]> fixedAnswers, Func<Outcome, bool> expected)
    {
        var violations = Violations(Region(fixedAnswers, partial: false), expected);
        var region = Region(fixedAnswers);
        var random = new Random(7);
        var choices = new sbyte[region.Length];
        for (var i = 0; i < 100_000 && violations.Count < 5; i++)
        {
            for (var q = 0; q < choices.Length; q++)
            {
                choices[q] = region[q][random.Next(region[q].Length)];
            }

            if (!expected(ScoringEngine.Decide(Quiz, choices)))
            {
                violations.Add(AnswerSet.FromChoices(Quiz, choices).ToString());
            }
        }
        return violations;
    }

    /// <summary>The contract's public personas, fixed here so that no edit of the persona file can change what they must get.</summary>
    [Theory]
    [InlineData("gap=stale-knowledge&change-rate=daily&sources=required&documents=organized&examples=none&evaluation=manual-review", Outcome.Rag)]
    [InlineData("gap=behavior&change-rate=rarely&long-tail=little&target-clarity=precise&examples=50-500&evaluation=automated&prompting=exhausted&efficiency=hard-limit&capacity=managed-service", Outcome.FineTuning)]
    [InlineData("gap=both&change-rate=yearly&long-tail=mostly&sources=required&documents=organized&examples=over-500&target-clarity=precise&evaluation=automated&capacity=own-infrastructure", Outcome.Both)]
    [InlineData("gap=behavior&examples=under-50&evaluation=none&capacity=none&timeline=days", Outcome.Rag)]
    [InlineData("gap=missing-knowledge&change-rate=monthly&documents=organized&examples=over-500&evaluation=automated&capacity=own-infrastructure", Outcome.Rag)]
    [InlineData("gap=unsure", Outcome.Rag)]
    public void ContractPersona_GetsTheContractsOutcome(string answers, Outcome expected) =>
        OutcomeOf(answers).Should().Be(expected);

    [Fact]
    public void Principle1_KnowledgeGapWithoutBehaviourNeed_GivesRagHoweverReadyTheTeamIs()
    {
        ViolationsInRegion(new() { ["gap"] = ["missing-knowledge", "stale-knowledge"] }, o => o == Outcome.Rag).Should().BeEmpty();
    }

    [Fact]
    public void Principle1_ResultSaysSoWhenTheTeamHopedFineTuningWouldTeachFacts()
    {
        var hoping = ScoringEngine.Recommend(Answers("gap=missing-knowledge&change-rate=monthly&documents=organized&examples=over-500&evaluation=automated&capacity=own-infrastructure"));
        var notHoping = ScoringEngine.Recommend(Answers("gap=stale-knowledge&change-rate=daily&examples=none"));

        hoping.Flags.Should().ContainSingle().Which.Should().Contain("does not teach a model facts");
        hoping.GateReasons.Should().Contain(r => r.Gate!.Id == "knowledge-gap");
        notHoping.Flags.Should().BeEmpty();
    }

    [Fact]
    public void Principle2_BehaviourGapWithStableKnowledgeAndReadiness_GivesFineTuning()
    {
        var region = Region(new()
        {
            ["gap"] = ["behavior", "task-skill"],
            ["change-rate"] = ["yearly", "rarely"],
            ["long-tail"] = ["some", "little", ""],
            ["sources"] = ["helpful", "not-needed", ""],
            ["target-clarity"] = ["precise"],
            ["examples"] = ["50-500", "over-500"],
            ["evaluation"] = ["manual-review", "automated"],
            ["capacity"] = ["managed-service", "own-infrastructure"],
        });

        Violations(region, o => o == Outcome.FineTuning).Should().BeEmpty();
    }

    [Theory]
    [InlineData("gap=both")]
    [InlineData("change-rate=daily")]
    [InlineData("change-rate=monthly")]
    [InlineData("long-tail=mostly")]
    [InlineData("sources=required")]
    public void Principle3_KnowledgeAndBehaviourNeedWithReadiness_GiveBoth(string knowledgeNeed)
    {
        var (question, option) = (knowledgeNeed.Split('=')[0], knowledgeNeed.Split('=')[1]);
        var fixedAnswers = new Dictionary<string, string[]>
        {
            ["gap"] = question == "gap" ? [option] : ["behavior", "task-skill", "both"],
            ["target-clarity"] = ["precise"],
            ["examples"] = ["50-500", "over-500"],
            ["evaluation"] = ["manual-review", "automated"],
            ["capacity"] = ["managed-service", "own-infrastructure"],
        };
        if (question != "gap")
        {
            fixedAnswers[question] = [option];
        }

        Violations(Region(fixedAnswers), o => o == Outcome.Both).Should().BeEmpty();
    }

    [Fact]
    public void Principle4_ReadinessGate_NeverGivesFineTuningOrBoth_AndSaysWhatIsMissing()
    {
        foreach (var (question, option) in new[] { ("examples", "none"), ("evaluation", "none"), ("capacity", "none") })
        {
            ViolationsInRegion(new() { [question] = [option] }, o => o == Outcome.Rag).Should().BeEmpty($"{question}={option} closes the gate");
        }

        var student = ScoringEngine.Recommend(Answers("gap=behavior&examples=under-50&evaluation=none&capacity=none&timeline=days"));
        var gate = student.GateReasons.Should().ContainSingle(r => r.Gate!.Id == "readiness").Subject;
        gate.TriggeredBy!.Select(q => q.Id).Should().Contain(["evaluation", "capacity"]);
        gate.Text.Should().StartWith("RAG now, fine-tune later");
        student.NextSteps.Should().Contain(s => s.Contains("evaluation set"));
        student.Readiness.Missing.Select(c => c.Question.Id).Should().Contain(["examples", "evaluation", "capacity"]);
    }

    [Fact]
    public void Principle5_UnsureEmptyAndTies_GiveRag()
    {
        ViolationsInRegion(new() { ["gap"] = ["unsure"] }, o => o == Outcome.Rag).Should().BeEmpty();
        OutcomeOf("").Should().Be(Outcome.Rag);

        ScoringEngine.Pick(new OutcomeScores(40, 40, 10), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(10, 40, 40), 0).Should().Be(Outcome.Rag, "a tie at the top goes to RAG even when RAG is behind");
        ScoringEngine.Pick(new OutcomeScores(40, 41, 41), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(40, 40, 40), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(40, 41, 39), 0).Should().Be(Outcome.FineTuning, "no tie, the best wins");
    }

    [Fact]
    public void Principle6_DailyOrMonthlyKnowledge_NeverGivesFineTuningAlone()
    {
        ViolationsInRegion(new() { ["change-rate"] = ["daily", "monthly"] }, o => o != Outcome.FineTuning).Should().BeEmpty();
    }

    [Fact]
    public void Principles4_6_7_HoldOverEveryCompleteAnswerSet()
    {
        var report = SpaceCheck.Run(Quiz);

        report.Total.Should().Be(AnswerSpace.CompleteCount(Quiz)).And.Be(5_668_704);
        report.Violations.Should().BeEmpty();
        report.ViolationCount.Should().Be(0);
        (report.Rag + report.FineTuning + report.Both).Should().Be(report.Total);
        report.FineTuning.Should().BePositive();
        report.Both.Should().BePositive();
    }

    [Fact]
    public void Principle7_StrongerAnswersNeverLowerTheirSidesScores()
    {
        void Check(IReadOnlyDictionary<string, string[]> orders, Outcome side)
        {
            foreach (var (questionId, order) in orders)
            {
                var question = Quiz.FindQuestion(questionId)!;
                for (var i = 1; i < order.Length; i++)
                {
                    var weaker = question.FindOption(order[i - 1])!.Weights;
                    var stronger = question.FindOption(order[i])!.Weights;
                    stronger[side].Should().BeGreaterThanOrEqualTo(weaker[side], $"{questionId}={order[i]} vs {order[i - 1]}");
                    stronger.Both.Should().BeGreaterThanOrEqualTo(weaker.Both, $"{questionId}={order[i]} vs {order[i - 1]}");
                }
            }
        }

        Check(QuizContract.FineTuningSide, Outcome.FineTuning);
        Check(QuizContract.RagSide, Outcome.Rag);
    }

    [Fact]
    public void Principle7_OnPartialAnswerSets_AStrongerAnswerNeverLosesItsSide()
    {
        foreach (var answers in Sample(50_000))
        {
            var outcome = ScoringEngine.Decide(answers);
            foreach (var (orders, keeps) in new[] { (QuizContract.FineTuningSide, (Func<Outcome, bool>)Outcomes.UsesFineTuning), (QuizContract.RagSide, Outcomes.UsesRag) })
            {
                if (!keeps(outcome))
                {
                    continue;
                }

                foreach (var (questionId, order) in orders)
                {
                    var question = Quiz.FindQuestion(questionId)!;
                    if (answers.Get(question) is not { } current)
                    {
                        continue; // unanswered is neutral, not a point on the order
                    }

                    for (var up = Array.IndexOf(order, current.Id) + 1; up < order.Length; up++)
                    {
                        keeps(ScoringEngine.Decide(answers.With(question, question.FindOption(order[up])))).Should()
                            .BeTrue($"{answers} gives {outcome.Id()}; {questionId}={order[up]} must keep that side");
                    }
                }
            }
        }
    }

    [Fact]
    public void Principle8_SameAnswersInAnyOrder_GiveTheSameResult()
    {
        var pairs = new[] { "gap=both", "change-rate=yearly", "long-tail=mostly", "examples=over-500", "evaluation=automated", "capacity=own-infrastructure", "target-clarity=precise" };
        var first = ScoringEngine.Recommend(Answers(string.Join('&', pairs)));

        var random = new Random(8);
        for (var i = 0; i < 20; i++)
        {
            var again = ScoringEngine.Recommend(Answers(string.Join('&', pairs.OrderBy(_ => random.Next()))));
            again.Outcome.Should().Be(first.Outcome);
            again.Scores.Should().Be(first.Scores);
            again.Reasons.Select(r => (r.Kind, r.Text, r.Effect)).Should().Equal(first.Reasons.Select(r => (r.Kind, r.Text, r.Effect)));
            again.Flips.Should().Equal(first.Flips);
        }
    }

    [Fact]
    public void Principle9_ReasonsAccountForTheWholeScore_AndNameEveryAnswerThatMovedIt()
    {
        var problems = new List<string>();
        foreach (var answers in Sample(3_000))
        {
            var result = ScoringEngine.Recommend(answers);

            if (result.Reasons.Aggregate(default(OutcomeScores), (sum, r) => sum + r.Effect) != result.Scores)
            {
                problems.Add($"{answers}: reasons do not add up to the scores");
            }

            foreach (var question in Quiz.Questions)
            {
                if (answers.Get(question) is { Weights.IsZero: false } option
                    && result.Reasons.Count(r => r.Question == question && r.Option == option && r.Effect == option.Weights) != 1)
                {
                    problems.Add($"{answers}: {question.Id} moved the scores but is not a reason");
                }
            }

            if (result.Outcome != result.ScoresOutcome
                && !(result.Clarity == Clarity.Rule && result.GateReasons.Any(r => r.ChangedOutcome && r.Gate!.Forbid.Contains(result.ScoresOutcome))))
            {
                problems.Add($"{answers}: a gate changed the outcome without a reason of its own");
            }

            if (Outcomes.All.Any(o => result.Scores[o] is < 0 or > 100))
            {
                problems.Add($"{answers}: a score left 0-100");
            }
        }

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Principle10_FlipsReallyFlip_AndNoSingleChangeThatFlipsIsMissing()
    {
        foreach (var answers in Sample(1_000))
        {
            var result = ScoringEngine.Recommend(answers);
            var expected = new List<Flip>();
            foreach (var question in Quiz.Questions)
            {
                foreach (var option in question.Options.Where(o => o != answers.Get(question)))
                {
                    var changed = ScoringEngine.Decide(answers.With(question, option));
                    if (changed != result.Outcome)
                    {
                        expected.Add(new Flip(question, option, changed));
                    }
                }
            }

            result.Flips.Should().Equal(expected, $"flips of {answers}");
        }
    }

    [Fact]
    public void Flips_ForBrandVoice_IncludeTheKnowledgeNeedThatWouldMakeItBoth()
    {
        var result = ScoringEngine.Recommend(Answers("gap=behavior&change-rate=rarely&long-tail=little&target-clarity=precise&examples=50-500&evaluation=automated&prompting=exhausted&efficiency=hard-limit&capacity=managed-service"));

        result.Outcome.Should().Be(Outcome.FineTuning);
        result.Flips.Should().Contain(f => f.Question.Id == "sources" && f.Option!.Id == "required" && f.Outcome == Outcome.Both);
        result.Flips.Should().Contain(f => f.Question.Id == "examples" && f.Option!.Id == "none" && f.Outcome == Outcome.Rag);
    }

    [Fact]
    public void Course_FollowsTheGoal_OrElseTheOutcome()
    {
        ScoringEngine.Recommend(Answers("gap=behavior&goal=run-in-production")).Course.Should().Be(new CourseFit("llmops-course", true));
        ScoringEngine.Recommend(Answers("gap=missing-knowledge")).Course.Should().Be(new CourseFit("rag-course", false));
    }

    [Fact]
    public void Goal_NeverMovesTheOutcome()
    {
        var goal = Quiz.FindQuestion("goal")!;
        foreach (var answers in Sample(3_000))
        {
            var outcome = ScoringEngine.Decide(answers);
            foreach (var option in goal.Options)
            {
                ScoringEngine.Decide(answers.With(goal, option)).Should().Be(outcome);
            }
        }
    }

    [Fact]
    public void Unanswered_ListsEveryQuestionLeftOpen()
    {
        var result = ScoringEngine.Recommend(Answers("gap=behavior&examples=50-500"));

        result.Unanswered.Select(q => q.Id).Should().HaveCount(11).And.NotContain(["gap", "examples"]);
    }

    [Fact]
    public void ResultPath_CarriesTheAnswersInQuestionOrder()
    {
        Quiz.ResultPath(Answers("examples=50-500&gap=behavior")).Should().Be("/quiz/rag-vs-fine-tuning/result?gap=behavior&examples=50-500");
    }
}
