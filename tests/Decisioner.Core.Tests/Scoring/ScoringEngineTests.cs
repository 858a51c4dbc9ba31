using Decisioner.Core.Content;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;
using Decisioner.Tests;

namespace Decisioner.Core.Tests.Scoring;

/// <summary>The contract's principles (version 3), each its own test, against the shipped questionnaire.</summary>
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

    private static Recommendation Recommend(string query) => ScoringEngine.Recommend(Answers(query));

    private static string Answer(AnswerSet answers, string questionId) => answers.Get(Quiz.FindQuestion(questionId)!)?.Id ?? "";

    /// <summary>A seeded sample of answer sets, some questions left unanswered.</summary>
    private static IEnumerable<AnswerSet> Sample(int count, int seed = 20261128)
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
    /// Every set with the fixed answers ("" for unanswered) and every other question answered or left open,
    /// except the goal, which never moves the outcome (<see cref="Goal_NeverMovesTheOutcomeOrTheTiming"/>).
    /// </summary>
    private static List<string> Violations(Dictionary<string, string[]> fixedAnswers, Func<AnswerSet, Recommendation, string?> check, int sample = 40_000)
    {
        var region = Quiz.Questions.Select(q =>
            fixedAnswers.TryGetValue(q.Id, out var options)
                ? options.Select(o => o == "" ? AnswerSet.Unanswered : (sbyte)q.FindOption(o)!.Index).ToArray()
                : q.Id == "goal" ? [AnswerSet.Unanswered] : new[] { AnswerSet.Unanswered }.Concat(q.Options.Select(o => (sbyte)o.Index)).ToArray()).ToArray();
        var violations = new List<string>();
        var random = new Random(7);
        var choices = new sbyte[region.Length];
        for (var i = 0; i < sample && violations.Count < 5; i++)
        {
            for (var q = 0; q < choices.Length; q++)
            {
                choices[q] = region[q][random.Next(region[q].Length)];
            }

            var answers = AnswerSet.FromChoices(Quiz, choices);
            if (check(answers, ScoringEngine.Recommend(answers)) is { } problem)
            {
                violations.Add($"{answers}: {problem}");
            }
        }
        return violations;
    }

    /// <summary>The contract's public personas, fixed here so that no edit of the persona file can change what they must get.</summary>
    [Theory]
    [InlineData("gap=stale-knowledge&change-rate=daily&sources=required&documents=organized&examples=none&evaluation=manual-review", Outcome.Rag, Timing.Now, PlanStep.Retrieval)]
    [InlineData("gap=behavior&facts-in-input=some&change-rate=rarely&long-tail=little&target-clarity=precise&examples=50-500&evaluation=automated&prompting=exhausted&efficiency=hard-limit&capacity=managed-service", Outcome.FineTuning, Timing.Now, PlanStep.FineTune)]
    [InlineData("gap=both&change-rate=yearly&long-tail=mostly&sources=required&documents=organized&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=own-infrastructure", Outcome.Both, Timing.Now, PlanStep.Retrieval)]
    [InlineData("gap=behavior&examples=under-50&evaluation=none&capacity=none&timeline=days", Outcome.FineTuning, Timing.NotYet, PlanStep.BuildEvaluation)]
    [InlineData("gap=missing-knowledge&change-rate=monthly&documents=organized&examples=over-500&evaluation=automated&capacity=own-infrastructure", Outcome.Rag, Timing.Now, PlanStep.Retrieval)]
    [InlineData("gap=unsure", Outcome.Rag, Timing.Now, PlanStep.Diagnose)]
    [InlineData("gap=behavior&facts-in-input=all&change-rate=daily&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service", Outcome.FineTuning, Timing.Now, PlanStep.FineTune)]
    public void ContractPersona_GetsTheContractsOutcomeTimingAndFirstStep(string answers, Outcome outcome, Timing timing, PlanStep firstStep)
    {
        var result = Recommend(answers);

        result.Outcome.Should().Be(outcome);
        result.Timing.Should().Be(timing);
        result.Plan[0].Step.Should().Be(firstStep);
    }

    [Fact]
    public void Principle1_KnowledgeGap_GivesRagHoweverReadyTheTeamIs()
    {
        Violations(new() { ["gap"] = ["missing-knowledge", "stale-knowledge"] },
            (answers, r) => r.Outcome == Outcome.Rag && r.Timing == (Answer(answers, "documents") == "none" ? Timing.NotYet : Timing.Now) ? null : $"{r.Outcome.Id()} {r.Timing.Id()}")
            .Should().BeEmpty();
    }

    [Fact]
    public void Principle1_ResultSaysSoWhenTheTeamHopedFineTuningWouldTeachFacts()
    {
        var hoping = Recommend("gap=missing-knowledge&change-rate=monthly&documents=organized&examples=over-500&evaluation=automated&capacity=own-infrastructure");
        var notHoping = Recommend("gap=stale-knowledge&change-rate=daily&examples=none");

        hoping.Flags.Should().ContainSingle().Which.Should().Contain("does not teach a model facts");
        hoping.GateReasons.Should().Contain(r => r.Gate.Id == "knowledge-gap");
        notHoping.Flags.Should().BeEmpty();
    }

    [Fact]
    public void Principle2_BehaviourGapWithoutKnowledgeNeed_GivesFineTuningWhateverTheReadiness()
    {
        // Stable knowledge: every readiness answer, answered or not, still gives fine-tuning.
        Violations(new()
        {
            ["gap"] = ["behavior", "task-skill"],
            ["facts-in-input"] = ["some", "none", ""],
            ["change-rate"] = ["yearly", "rarely", ""],
            ["long-tail"] = ["some", "little", ""],
            ["sources"] = ["helpful", "not-needed", ""],
        }, (_, r) => r.Outcome == Outcome.FineTuning ? null : r.Outcome.Id()).Should().BeEmpty();

        // All facts in the input: whatever the knowledge answers say.
        Violations(new() { ["gap"] = ["behavior", "task-skill"], ["facts-in-input"] = ["all"] },
            (_, r) => r.Outcome == Outcome.FineTuning ? null : r.Outcome.Id()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("gap=both")]
    [InlineData("change-rate=daily")]
    [InlineData("change-rate=monthly")]
    [InlineData("long-tail=mostly")]
    [InlineData("sources=required")]
    public void Principle3_KnowledgeAndBehaviourNeeds_GiveBothWhateverTheReadiness(string knowledgeNeed)
    {
        var (question, option) = (knowledgeNeed.Split('=')[0], knowledgeNeed.Split('=')[1]);
        var fixedAnswers = new Dictionary<string, string[]>
        {
            ["gap"] = question == "gap" ? [option] : ["behavior", "task-skill"],
            ["facts-in-input"] = question == "gap" ? ["all", "some", "none", ""] : ["some", "none", ""],
        };
        if (question != "gap")
        {
            fixedAnswers[question] = [option];
        }

        Violations(fixedAnswers, (_, r) => r.Outcome == Outcome.Both ? null : r.Outcome.Id()).Should().BeEmpty();
    }

    [Fact]
    public void Principle4_ReadinessDecidesTheTiming_InTheContractsWords()
    {
        string? Check(AnswerSet answers, Recommendation r)
        {
            var waived = Answer(answers, "efficiency") == "hard-limit" && Answer(answers, "examples") == "over-500" && Answer(answers, "evaluation") == "automated";
            var promptingReady = waived || Answer(answers, "prompting") == "exhausted";
            var ready = Answer(answers, "examples") is "50-500" or "over-500" && Answer(answers, "evaluation") is "automated" or "manual-review"
                && Answer(answers, "target-clarity") is "precise" or "rough" && Answer(answers, "capacity") is "managed-service" or "own-infrastructure" && promptingReady;
            var notReady = Answer(answers, "examples") is "none" or "under-50" || Answer(answers, "evaluation") == "none"
                || Answer(answers, "target-clarity") == "not-yet" || Answer(answers, "capacity") == "none" || (!waived && Answer(answers, "prompting") is "some" or "not-yet");
            // Principle 14: no documents holds RAG and both back, unless principle 13 set the answer aside.
            var documentsSetAside = Answer(answers, "facts-in-input") == "all" && Answer(answers, "gap") is not ("missing-knowledge" or "stale-knowledge" or "both");
            var noDocuments = Answer(answers, "documents") == "none" && !documentsSetAside;
            var expected = r.Outcome switch
            {
                Outcome.Rag => noDocuments ? Timing.NotYet : Timing.Now,
                _ when notReady || (r.Outcome == Outcome.Both && noDocuments) => Timing.NotYet,
                _ => ready ? Timing.Now : Timing.ConfirmFirst,
            };
            if (r.Readiness.IsReady != (expected == Timing.Now))
            {
                return $"readiness.ready is {r.Readiness.IsReady}";
            }

            return r.Timing == expected ? null : $"{r.Outcome.Id()} gets {r.Timing.Id()}, expected {expected.Id()}";
        }

        Violations(new() { ["gap"] = ["behavior", "task-skill", "both"] }, Check, sample: 60_000).Should().BeEmpty();
        foreach (var answers in Sample(20_000))
        {
            Check(answers, ScoringEngine.Recommend(answers)).Should().BeNull(answers.ToString());
        }
    }

    [Fact]
    public void Principle4_AnUnansweredReadinessQuestionIsNotConfirmed_NeverReady()
    {
        var result = Recommend("gap=behavior");

        result.Outcome.Should().Be(Outcome.FineTuning);
        result.Timing.Should().Be(Timing.ConfirmFirst);
        result.Readiness.IsReady.Should().BeFalse();
        result.Readiness.Checks.Should().OnlyContain(c => c.Status == ReadinessStatus.Unknown && c.Scope == ReadinessScope.Training);
        result.Readiness.Checks.Select(c => c.Question.Id).Should().BeEquivalentTo(Quiz.Readiness.Where(r => r.Scope == ReadinessScope.Training).Select(r => r.QuestionId));
        result.Headline.Should().Be("Fine-tuning, confirm readiness first: push prompting as far as it goes; fine-tune only if it falls short");
    }

    [Fact]
    public void Principle4_TheHeadlineNeverClaimsReadinessOrTrainingUnlessTheTimingIsNow()
    {
        var trainPhrase = Quiz.StepInfo(PlanStep.FineTune).Headline;
        foreach (var answers in Sample(20_000))
        {
            var result = ScoringEngine.Recommend(answers);
            if (result.Timing == Timing.Now)
            {
                continue;
            }

            result.Headline.Should().NotContain(trainPhrase, answers.ToString())
                .And.Contain(Quiz.TimingInfo(result.Timing).Label)
                .And.NotContainEquivalentOf("ready now");
            result.Plan[0].Step.Should().NotBe(PlanStep.FineTune);
        }
    }

    [Fact]
    public void Principle5_UnsureEmptyAndTies_GiveRag_StartingWithDiagnose()
    {
        Violations(new() { ["gap"] = ["unsure"] },
            (_, r) => r.Outcome == Outcome.Rag && r.Plan[0].Step == PlanStep.Diagnose ? null : $"{r.Outcome.Id()} from {r.Plan[0].Step.Id()}").Should().BeEmpty();
        var empty = Recommend("");
        empty.Outcome.Should().Be(Outcome.Rag);
        empty.Timing.Should().Be(Timing.Now);
        empty.Plan.Select(p => p.Step).Should().StartWith(PlanStep.Diagnose);

        ScoringEngine.Pick(new OutcomeScores(40, 40, 10), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(10, 40, 40), 0).Should().Be(Outcome.Rag, "a tie at the top goes to RAG even when RAG is behind");
        ScoringEngine.Pick(new OutcomeScores(40, 41, 41), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(40, 40, 40), 0).Should().Be(Outcome.Rag);
        ScoringEngine.Pick(new OutcomeScores(40, 41, 39), 0).Should().Be(Outcome.FineTuning, "no tie, the best wins");
    }

    [Fact]
    public void Principle6_DailyOrMonthlyKnowledge_NeverGivesFineTuningAlone_UnlessEveryFactIsInTheInput()
    {
        Violations(new() { ["change-rate"] = ["daily", "monthly"], ["facts-in-input"] = ["some", "none", ""] },
            (_, r) => r.Outcome != Outcome.FineTuning ? null : "fine-tuning").Should().BeEmpty();

        Recommend("gap=behavior&facts-in-input=all&change-rate=daily").Outcome.Should().Be(Outcome.FineTuning, "the exception: the changing content arrives with each request");
    }

    [Fact]
    public void WholeSpace_EveryPrincipleThatCanBeStatedOverCompleteSetsHolds()
    {
        var report = SpaceCheck.Run(Quiz);

        report.Total.Should().Be(Quiz.Questions.Aggregate(1L, (sets, q) => sets * q.Options.Count), "every complete answer set is counted once");
        var inert = Quiz.Questions.Where(q => Quiz.Kernel.IsInert(q.Index)).ToList();
        report.Scored.Should().Be(report.Total / inert.Aggregate(1L, (sets, q) => sets * q.Options.Count), "one set runs for each class that differs only in inert answers");
        report.Violations.Should().BeEmpty();
        report.ViolationCount.Should().Be(0);
        report.Outcomes.Sum().Should().Be(report.Total);
        report.Timings.Sum().Should().Be(report.Total);
        report.Count(Timing.ConfirmFirst).Should().Be(0, "a complete answer set answers every readiness question");
        Outcomes.All.Should().OnlyContain(o => report.Count(o) > 0);
    }

    [Fact]
    public void WholeSpace_AnInertAnswerChangesNothing_SoOneSetStandsForItsClass()
    {
        var inert = Quiz.Questions.Where(q => Quiz.Kernel.IsInert(q.Index)).ToList();
        inert.Select(q => q.Id).Should().Contain("goal", "the goal only picks a course");
        inert.Select(q => q.Id).Should().NotContain(QuizContract.Readiness.Select(r => r.Question)).And.NotContain(["gap", "facts-in-input", "efficiency"]);

        Span<PlanStep> plan = stackalloc PlanStep[ScoringEngine.MaxPlanLength];
        Span<PlanStep> other = stackalloc PlanStep[ScoringEngine.MaxPlanLength];
        foreach (var answers in Sample(3_000))
        {
            var verdict = ScoringEngine.Judge(answers);
            var steps = plan[..ScoringEngine.Plan(Quiz, answers.Choices, verdict, plan)].ToArray();
            foreach (var question in inert)
            {
                foreach (var option in question.Options)
                {
                    var changed = answers.With(question, option);
                    var changedVerdict = ScoringEngine.Judge(changed);
                    changedVerdict.Should().Be(verdict, $"{question.Id}={option.Id} on {answers}");
                    other[..ScoringEngine.Plan(Quiz, changed.Choices, changedVerdict, other)].ToArray().Should().Equal(steps);
                    ScoringEngine.Recommend(changed).Scores.Should().Be(ScoringEngine.Recommend(answers).Scores);
                }
            }
        }
    }

    [Fact]
    public void WholeSpace_AGoalThatGainsAWeight_IsRunAgain()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Content, "questionnaires", "rag-vs-fine-tuning.yaml"))
            .Replace("        course: llmops-course\n", "        course: llmops-course\n        weights: { rag: 1, fine-tuning: 0, both: 0 }\n", StringComparison.Ordinal);
        var diagnostics = new DiagnosticList("questionnaires/rag-vs-fine-tuning.yaml");
        var edited = QuestionnaireLoader.Load("questionnaires/rag-vs-fine-tuning.yaml", text, diagnostics)!;

        edited.Kernel.IsInert(edited.FindQuestion("goal")!.Index).Should().BeFalse();
        var report = SpaceCheck.Run(edited);
        report.Scored.Should().Be(report.Total / edited.Questions.Where(q => edited.Kernel.IsInert(q.Index)).Aggregate(1L, (n, q) => n * q.Options.Count));
        report.Scored.Should().BeGreaterThan(SpaceCheck.Run(Quiz).Scored);
    }

    [Fact]
    public void WholeSpace_CatchesAnEditThatBreaksAPrinciple()
    {
        // A behaviour gap worth more to RAG than to fine-tuning: principle 2 must fail, and the check must say so.
        var text = File.ReadAllText(Path.Combine(TestPaths.Content, "questionnaires", "rag-vs-fine-tuning.yaml"))
            .Replace("weights: { rag: -8, fine-tuning: 8, both: 4 }", "weights: { rag: 8, fine-tuning: -8, both: 4 }", StringComparison.Ordinal);
        var diagnostics = new DiagnosticList("questionnaires/rag-vs-fine-tuning.yaml");
        var broken = QuestionnaireLoader.Load("questionnaires/rag-vs-fine-tuning.yaml", text, diagnostics)!;

        var report = SpaceCheck.Run(broken);

        report.ViolationCount.Should().BePositive();
        report.Violations.Should().Contain(v => v.StartsWith("principle 2", StringComparison.Ordinal));
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
        foreach (var answers in Sample(30_000))
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
        var pairs = new[] { "gap=both", "change-rate=yearly", "long-tail=mostly", "examples=over-500", "evaluation=automated", "capacity=own-infrastructure", "target-clarity=precise", "facts-in-input=all" };
        var first = Recommend(string.Join('&', pairs));

        var random = new Random(8);
        for (var i = 0; i < 20; i++)
        {
            var again = Recommend(string.Join('&', pairs.OrderBy(_ => random.Next())));
            again.Outcome.Should().Be(first.Outcome);
            again.Timing.Should().Be(first.Timing);
            again.Headline.Should().Be(first.Headline);
            again.Scores.Should().Be(first.Scores);
            again.Reasons.Select(r => (r.GetType(), r.Text, r.Effect)).Should().Equal(first.Reasons.Select(r => (r.GetType(), r.Text, r.Effect)));
            again.Plan.Select(p => (p.Step, p.Why)).Should().Equal(first.Plan.Select(p => (p.Step, p.Why)));
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
                if (answers.Get(question) is not { Weights.IsZero: false } option)
                {
                    continue;
                }

                var reason = result.Reasons.OfType<AnswerReason>().SingleOrDefault(r => r.Question == question && r.Option == option);
                if (reason is null || (reason.SetAsideBy is null ? reason.Effect != option.Weights : !reason.Effect.IsZero))
                {
                    problems.Add($"{answers}: {question.Id} moved the scores but is not a reason with its effect");
                }

                if (reason?.SetAsideBy is { } rule && !result.SetAsideReasons.Any(s => s.Rule == rule && s.SetAside.Contains(question)))
                {
                    problems.Add($"{answers}: {question.Id} was set aside without a reason of its own");
                }
            }

            if (result.Outcome != result.ScoresOutcome
                && !(result.Clarity == Clarity.Rule && result.GateReasons.Any(r => r.ChangedOutcome && r.Gate.Forbid.Contains(result.ScoresOutcome))))
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
    public void Principle10_FlipsReallyFlipTheOutcomeOrTheTiming_AndNoneIsMissing()
    {
        foreach (var answers in Sample(1_000))
        {
            var result = ScoringEngine.Recommend(answers);
            var expected = new List<Flip>();
            foreach (var question in Quiz.Questions)
            {
                foreach (var option in question.Options.Where(o => o != answers.Get(question)))
                {
                    var changed = ScoringEngine.Recommend(answers.With(question, option));
                    if (changed.Outcome != result.Outcome || changed.Timing != result.Timing)
                    {
                        expected.Add(new Flip(question, option, changed.Outcome, changed.Timing));
                    }
                }
            }

            result.Flips.Should().Equal(expected, $"flips of {answers}");
        }
    }

    [Fact]
    public void Principle10_TimingFlips_SayWhatWouldLetTheTeamStartNow()
    {
        var result = Recommend("gap=behavior&change-rate=rarely&examples=under-50&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service");

        result.Timing.Should().Be(Timing.NotYet);
        result.Flips.Should().Contain(f => f.Question.Id == "examples" && f.Option.Id == "50-500" && f.Outcome == Outcome.FineTuning && f.Timing == Timing.Now);
        result.Flips.Should().Contain(f => f.Question.Id == "sources" && f.Option.Id == "required" && f.Outcome == Outcome.Both);
    }

    [Fact]
    public void Principle11_BehaviourGapWithPromptingNotPushed_StartsWithPrompting_AndTheHeadlineSaysSo()
    {
        var promptingPhrase = Quiz.StepInfo(PlanStep.Prompting).Headline;
        // Outside principle 15 (no evaluation) and the cost-limit exception.
        Violations(new() { ["gap"] = ["behavior", "task-skill"], ["prompting"] = ["some", "not-yet", ""], ["evaluation"] = ["automated", "manual-review", ""], ["efficiency"] = ["matters", "not-a-concern", ""] },
            (_, r) => (r.Outcome == Outcome.FineTuning ? r.Plan[0].Step == PlanStep.Prompting : r.Plan.Select(p => p.Step).TakeWhile(s => s != PlanStep.Prompting).All(s => s is PlanStep.Retrieval or PlanStep.GatherSources))
                && r.Headline.Contains(promptingPhrase, StringComparison.Ordinal) && r.TrainingWaitsOnPrompting ? null : r.Headline).Should().BeEmpty();
        Violations(new() { ["gap"] = ["both"] },
            (_, r) => r.Plan[0].Step is PlanStep.GatherSources or PlanStep.Retrieval ? null : r.Plan[0].Step.Id()).Should().BeEmpty();
    }

    [Fact]
    public void Principle12_PlanOrder()
    {
        var steps = new Dictionary<string, PlanStep>
        {
            ["examples"] = PlanStep.CollectExamples,
            ["evaluation"] = PlanStep.BuildEvaluation,
            ["target-clarity"] = PlanStep.WriteTarget,
            ["capacity"] = PlanStep.ChooseTraining,
            ["prompting"] = PlanStep.Prompting,
        };

        string? Check(AnswerSet answers, Recommendation r)
        {
            var plan = r.Plan.Select(p => p.Step).ToList();
            if (plan.Distinct().Count() != plan.Count)
            {
                return "a step appears twice";
            }

            if (r.Outcome == Outcome.Rag)
            {
                return plan[0] is PlanStep.Retrieval or PlanStep.Diagnose or PlanStep.GatherSources && !plan.Contains(PlanStep.FineTune) ? null : string.Join(",", plan);
            }

            if (plan[^1] != PlanStep.FineTune)
            {
                return "fine-tune is not last";
            }

            var open = r.Readiness.Missing.Where(c => c.Scope == ReadinessScope.Training).Select(c => steps[c.Question.Id]).ToList();
            if (open.Any(s => !plan.Contains(s)) || plan.Intersect(steps.Values).Except(open).Any())
            {
                return "readiness steps do not match the readiness answers: " + string.Join(",", plan);
            }

            return r.Outcome == Outcome.Both && !r.Readiness.IsReady && open.Any(s => s != PlanStep.Prompting && plan.IndexOf(s) < plan.IndexOf(PlanStep.Retrieval))
                ? "retrieval comes after a readiness step" : null;
        }

        Violations([], Check, sample: 60_000).Should().BeEmpty();
        Violations(new() { ["gap"] = ["both", "behavior"] }, Check, sample: 60_000).Should().BeEmpty();
    }

    [Fact]
    public void Principle13_WithEveryFactInTheInput_KnowledgeAnswersAreSetAside_AndTheResultSaysWhy()
    {
        Violations(new() { ["gap"] = ["behavior", "task-skill", "unsure", ""], ["facts-in-input"] = ["all"] }, (answers, r) =>
        {
            foreach (var questionId in QuizContract.SetAsideWithFactsInInput)
            {
                var question = Quiz.FindQuestion(questionId)!;
                foreach (var option in question.Options)
                {
                    if (ScoringEngine.Decide(answers.With(question, option)) != r.Outcome)
                    {
                        return $"{questionId}={option.Id} moves the outcome";
                    }
                }
            }

            return r.SetAsideReasons.Any(s => s.Rule.Id == "facts-in-input") ? null : "no reason says why";
        }, sample: 20_000).Should().BeEmpty();
    }

    [Fact]
    public void ContradictoryAnswers_GetAResultThatNamesTheAnswerSetAside()
    {
        var result = Recommend("gap=missing-knowledge&facts-in-input=all&change-rate=monthly");

        result.Outcome.Should().Be(Outcome.Rag);
        var setAside = result.SetAsideReasons.Should().ContainSingle().Subject;
        setAside.Rule.Id.Should().Be("gap-names-knowledge");
        setAside.SetAside.Select(q => q.Id).Should().Equal("facts-in-input");
        result.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "change-rate").SetAsideBy.Should().BeNull("the knowledge answers still count");
        result.Reasons.OfType<AnswerReason>().Single(r => r.Question.Id == "facts-in-input").SetAsideBy!.Id.Should().Be("gap-names-knowledge");
    }

    [Fact]
    public void Headline_ComesFromTheOutcomeTheTimingAndTheFirstSteps()
    {
        Recommend("gap=behavior&examples=none&prompting=not-yet").Headline.Should().Be("Fine-tuning, not yet: push prompting as far as it goes; fine-tune only if it falls short");
        Recommend("gap=both&change-rate=monthly&documents=organized&prompting=some")
            .Headline.Should().Be("RAG and fine-tuning, not yet: set up retrieval, then push prompting as far as it goes; fine-tune only if it falls short");
        Recommend("gap=missing-knowledge&documents=none&evaluation=automated").Headline.Should().Be("RAG, not yet: gather the documents, then set up retrieval");
        Recommend("gap=both&change-rate=monthly&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service")
            .Headline.Should().Be("RAG and fine-tuning: set up retrieval, then fine-tune and compare with your best prompt");
        Recommend("gap=stale-knowledge").Headline.Should().Be("RAG: set up retrieval, then build an evaluation set");
        Recommend("gap=behavior&examples=over-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=own-infrastructure")
            .Headline.Should().Be("Fine-tuning: fine-tune and compare with your best prompt");
    }

    [Fact]
    public void Plan_EachStepSaysWhy_AndLinksToTheGuide()
    {
        foreach (var answers in Sample(2_000))
        {
            foreach (var item in ScoringEngine.Recommend(answers).Plan)
            {
                item.Info.Text.Should().NotBeNullOrWhiteSpace();
                item.Why.Should().NotBeNullOrWhiteSpace();
                item.Info.LearnMore.Should().StartWith("/guides/");
            }
        }

        var student = Recommend("gap=behavior&examples=under-50&evaluation=none&capacity=none&timeline=days");
        student.Plan.Select(p => p.Step).Should().Equal(PlanStep.BuildEvaluation, PlanStep.Prompting, PlanStep.WriteTarget, PlanStep.CollectExamples, PlanStep.ChooseTraining, PlanStep.FineTune);
        student.Plan[3].Why.Should().StartWith("You said \u201cFewer than 50\u201d about training examples. ");
        student.Plan[2].Why.Should().StartWith("The question about target clarity was not answered, so it is not confirmed yet. ");
        student.Plan[0].Why.Should().StartWith("You said \u201cWe do not check yet\u201d about evaluation. ");
    }

    [Fact]
    public void BarePlan_MatchesTheFullRecommendation_AndAllocatesNothing()
    {
        Span<PlanStep> plan = stackalloc PlanStep[ScoringEngine.MaxPlanLength];
        foreach (var answers in Sample(2_000))
        {
            var verdict = ScoringEngine.Judge(answers);
            var count = ScoringEngine.Plan(Quiz, answers.Choices, verdict, plan);
            var full = ScoringEngine.Recommend(answers);
            verdict.Should().Be(new Verdict(full.Outcome, full.Timing));
            plan[..count].ToArray().Should().Equal(full.Plan.Select(p => p.Step));
        }

        var choices = Answers("gap=both&examples=none&facts-in-input=all").Choices.ToArray();
        ScoringEngine.Judge(Quiz, choices);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            ScoringEngine.Plan(Quiz, choices, ScoringEngine.Judge(Quiz, choices), plan);
        }

        GC.GetAllocatedBytesForCurrentThread().Should().Be(before);
    }

    [Fact]
    public void Course_FollowsTheGoal_OrElseTheOutcome()
    {
        Recommend("gap=behavior&goal=run-in-production").Course.Should().Be(new CourseFit("llmops-course", true));
        Recommend("gap=missing-knowledge").Course.Should().Be(new CourseFit("rag-course", false));
    }

    [Fact]
    public void Goal_NeverMovesTheOutcomeOrTheTiming()
    {
        var goal = Quiz.FindQuestion("goal")!;
        foreach (var answers in Sample(3_000))
        {
            var verdict = ScoringEngine.Judge(answers);
            foreach (var option in goal.Options)
            {
                ScoringEngine.Judge(answers.With(goal, option)).Should().Be(verdict);
            }
        }
    }

    [Fact]
    public void Unanswered_ListsEveryQuestionLeftOpen()
    {
        var result = Recommend("gap=behavior&examples=50-500");

        result.Unanswered.Select(q => q.Id).Should().Equal(Quiz.Questions.Select(q => q.Id).Where(id => id is not ("gap" or "examples")));
    }

    [Fact]
    public void VersionOneLinks_StillWork_WithTheNewQuestionUnanswered()
    {
        var (address, parsed) = QuizAddress.Parse(Quiz, "/quiz/rag-vs-fine-tuning/result?gap=behavior&change-rate=rarely&examples=50-500&target-clarity=precise&evaluation=automated&prompting=exhausted&capacity=managed-service");
        var result = ScoringEngine.Recommend(address.Answers);

        parsed.Problems.Should().BeEmpty();
        result.Unanswered.Should().Contain(q => q.Id == "facts-in-input");
        result.Outcome.Should().Be(Outcome.FineTuning);
        result.Timing.Should().Be(Timing.Now);
    }
}
