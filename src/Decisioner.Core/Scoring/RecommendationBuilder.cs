using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// Builds the explanation around a verdict: the reasons (start, each answer, set-aside rules, gates), how
/// clear the call is, the readiness checklist, the plan with why each step is there, the answers that
/// would flip the verdict and the course; the headline and the other words are <see cref="ResultWords"/>'. It reads the same compiled tables as the verdict
/// (<see cref="ScoringEngine"/>), so what is said always matches what was decided. Unlike the verdict
/// it allocates: it runs once for each answer set someone reads about, not over the whole space.
/// </summary>
internal static class RecommendationBuilder
{
    /// <summary>The full recommendation of <paramref name="answers"/>, scored once.</summary>
    public static Recommendation Build(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var questionnaire = answers.Questionnaire;
        var choices = answers.Choices;
        // One pass over the answers gives the scores, the rules' counts and what was set aside, by which rules.
        var tally = questionnaire.Kernel.TallyOf(choices);
        var (scores, setAside) = (tally.Scores, tally.SetAside);
        var forbidden = tally.Forbidden;
        var verdict = ScoringEngine.Judge(questionnaire, tally, choices);
        var outcome = verdict.Outcome;
        var scoresOutcome = ScoringEngine.Pick(scores, 0);

        var reasons = new List<Reason> { new StartReason("Where every recommendation starts, before any answer.", questionnaire.Start) };
        var unanswered = new List<Question>();
        var setAsideBy = SetAsideRules(questionnaire, answers, tally.SetAsideRules, reasons);
        foreach (var question in questionnaire.Questions)
        {
            if (answers.Get(question) is not { } option)
            {
                unanswered.Add(question);
            }
            else if ((setAside & (1UL << question.Index)) != 0)
            {
                // One rule, one story: an answer set aside is explained by the rule that set it aside.
                var rule = setAsideBy[question.Index]!;
                reasons.Add(new AnswerReason(question, option, default, rule.Reason, rule));
            }
            else if (WaivedText(questionnaire, question, outcome, choices) is { Length: > 0 } waived)
            {
                // The exception lifted this readiness line: its usual reason ("the plan starts there") would not be true.
                reasons.Add(new AnswerReason(question, option, option.Weights, waived));
            }
            else if (!option.Weights.IsZero || option.WhyOn(outcome).Length > 0)
            {
                reasons.Add(new AnswerReason(question, option, option.Weights, option.WhyOn(outcome)));
            }
        }

        var flags = new List<string>();
        foreach (var gate in questionnaire.Gates)
        {
            var triggeredBy = gate.When.MatchedBy(questionnaire, answers, setAside).ToList();
            if (triggeredBy.Count == 0)
            {
                continue;
            }

            var changed = gate.Forbid.Contains(scoresOutcome) && outcome != scoresOutcome;
            reasons.Add(new GateReason(gate, triggeredBy, changed));
            if (gate.FlagWhen?.MatchesAll(questionnaire, answers, setAside) == true && gate.FlagText is not null)
            {
                flags.Add(gate.FlagText);
            }
        }

        // The lead over the best outcome still on the table; when a rule decided, the lead is only a measure of distance.
        var allowedOthers = Outcomes.All.Where(o => o != outcome && (forbidden & (1 << (int)o)) == 0).ToList();
        var runnerUp = (allowedOthers.Count > 0 ? allowedOthers : Outcomes.All.Where(o => o != outcome)).MaxBy(o => scores[o]);
        var margin = scores[outcome] - scores[runnerUp];
        var decidedBy = ResultWords.DecidedBy(answers, outcome);
        var clarity = decidedBy is not null || outcome != scoresOutcome || allowedOthers.Count == 0 ? Clarity.Rule
            : margin >= questionnaire.Thresholds.Clear ? Clarity.Clear
            : margin >= questionnaire.Thresholds.Leaning ? Clarity.Leaning
            : Clarity.Close;

        var plan = BuildPlan(answers, verdict, setAside);
        var flips = FindFlips(answers, verdict);
        var words = ResultWords.For(questionnaire, verdict, plan);
        return new Recommendation
        {
            Answers = answers,
            Outcome = outcome,
            Timing = verdict.Timing,
            Headline = words.Headline,
            TrainingWaitsOnPrompting = words.WaitsOnPrompting,
            OutcomeTitle = words.OutcomeTitle,
            Sentence = words.Sentence,
            TimingLine = words.TimingLine,
            TimingText = words.TimingText,
            DecidedBy = decidedBy,
            Confidence = ResultWords.Confidence(questionnaire, outcome, scoresOutcome, scores, runnerUp, clarity, decidedBy, flips),
            ScoresOutcome = scoresOutcome,
            Scores = scores,
            Margin = margin,
            Clarity = clarity,
            Reasons = reasons,
            Readiness = CheckReadiness(questionnaire, answers, verdict, setAside),
            Plan = plan,
            Flips = flips,
            Course = FitCourse(questionnaire, answers, outcome),
            Unanswered = unanswered,
            Flags = flags,
        };
    }

    /// <summary>The readiness line's text for an answer whose line the exception lifted, or null.</summary>
    private static string? WaivedText(Questionnaire questionnaire, Question question, Outcome outcome, ReadOnlySpan<sbyte> choices)
    {
        var index = questionnaire.Readiness.ToList().FindIndex(r => r.QuestionId == question.Id);
        return index >= 0 && outcome.UsesFineTuning() && questionnaire.Readiness[index].Scope == ReadinessScope.Training
            && !questionnaire.Kernel.Readiness.RuleApplies(index, outcome, choices, 0) ? questionnaire.Readiness[index].IfWaived : null;
    }

    /// <summary>Adds a reason per set-aside rule that applied (the bits the scoring used), and returns which rule set each question aside.</summary>
    private static SetAside?[] SetAsideRules(Questionnaire questionnaire, AnswerSet answers, ulong applied, List<Reason> reasons)
    {
        var by = new SetAside?[questionnaire.Questions.Count];
        for (var index = 0; index < questionnaire.SetAsides.Count; index++)
        {
            if ((applied & (1UL << index)) == 0)
            {
                continue;
            }

            // A rule applies when every question it names has one of its answers: all of them triggered it.
            var rule = questionnaire.SetAsides[index];
            var questions = rule.Ignore.Select(id => questionnaire.FindQuestion(id)!).ToList();
            foreach (var question in questions.Where(q => by[q.Index] is null))
            {
                by[question.Index] = rule;
            }

            reasons.Add(new SetAsideReason(rule, [.. rule.When.AnyOf.Keys.Select(id => questionnaire.FindQuestion(id)!)], [.. questions.Where(q => answers.Get(q) is not null)]));
        }

        return by;
    }

    private static List<PlanItem> BuildPlan(AnswerSet answers, Verdict verdict, ulong setAside)
    {
        var questionnaire = answers.Questionnaire;
        Span<PlanStep> steps = stackalloc PlanStep[ScoringEngine.MaxPlanLength];
        var count = ScoringEngine.Plan(questionnaire, answers.Choices, setAside, verdict, steps);
        var items = new List<PlanItem>(count);
        foreach (var step in steps[..count])
        {
            var (why, because) = WhyStep(questionnaire, answers, step);
            items.Add(new PlanItem(step, questionnaire.StepInfo(step), why, because));
        }

        return items;
    }

    /// <summary>
    /// Why a step is in this plan, as sentences that read well aloud: the answer behind it, if one, then the
    /// editors' reason for the step (or their reason for this case: a contradiction, the cost-limit exception).
    /// </summary>
    private static (string Why, IReadOnlyList<Question> Because) WhyStep(Questionnaire questionnaire, AnswerSet answers, PlanStep step)
    {
        var info = questionnaire.StepInfo(step);
        var contract = questionnaire.Kernel.Contract;
        var gap = contract.GapIndex >= 0 ? questionnaire.Questions[contract.GapIndex] : null;
        var facts = contract.FactsIndex >= 0 ? questionnaire.Questions[contract.FactsIndex] : null;
        if (step == PlanStep.Diagnose && contract.FactsContradictGap(answers.Choices) && info.WhyWhen.TryGetValue(PlanCase.FactsContradictGap, out var contradiction))
        {
            return (contradiction, [gap!, facts!]);
        }

        if (step == PlanStep.FineTune && contract.PromptingWaived(answers.Choices) && info.WhyWhen.TryGetValue(PlanCase.CostLimitException, out var exception))
        {
            return (exception, []);
        }

        var question = questionnaire.Readiness.FirstOrDefault(r => r.Step == step) is { } rule ? questionnaire.FindQuestion(rule.QuestionId)
            : step == PlanStep.Diagnose ? gap
            : null;
        if (question is null)
        {
            return (info.Why, []);
        }

        var said = answers.Get(question) is { } option
            ? $"You said \u201c{option.Text}\u201d about {question.Label.ToLowerInvariant()}."
            : $"The question about {question.Label.ToLowerInvariant()} was not answered, so it is not confirmed yet.";
        return ($"{said} {info.Why}".TrimEnd(), [question]);
    }

    private static List<Flip> FindFlips(AnswerSet answers, Verdict verdict)
    {
        var questionnaire = answers.Questionnaire;
        var flips = new List<Flip>();
        Span<sbyte> choices = stackalloc sbyte[answers.Choices.Length];
        answers.Choices.CopyTo(choices);

        foreach (var question in questionnaire.Questions)
        {
            var original = choices[question.Index];
            for (sbyte candidate = 0; candidate < question.Options.Count; candidate++)
            {
                if (candidate == original)
                {
                    continue;
                }

                choices[question.Index] = candidate;
                var changed = ScoringEngine.Judge(questionnaire, choices);
                if (changed != verdict)
                {
                    flips.Add(new Flip(question, question.Options[candidate], changed.Outcome, changed.Timing));
                }
            }

            choices[question.Index] = original;
        }

        return flips;
    }

    /// <summary>The readiness lines that count for this outcome, read off the same compiled tables the timing is decided from.</summary>
    private static Readiness CheckReadiness(Questionnaire questionnaire, AnswerSet answers, Verdict verdict, ulong setAside)
    {
        var readiness = questionnaire.Kernel.Readiness;
        var checks = new List<ReadinessCheck>();
        for (var index = 0; index < questionnaire.Readiness.Count; index++)
        {
            var rule = questionnaire.Readiness[index];
            var counts = rule.Scope == ReadinessScope.Training ? verdict.Outcome.UsesFineTuning() : verdict.Outcome.UsesRag();
            if (!counts || (rule.Scope == ReadinessScope.Retrieval && !readiness.RuleApplies(index, verdict.Outcome, answers.Choices, setAside)))
            {
                continue;
            }

            var question = questionnaire.FindQuestion(rule.QuestionId)!;
            var status = !readiness.RuleApplies(index, verdict.Outcome, answers.Choices, setAside) ? ReadinessStatus.Waived
                : answers.Get(question) is null ? ReadinessStatus.Unknown
                : readiness.IsReady(index, answers.Choices) ? ReadinessStatus.Ready
                : ReadinessStatus.Missing;
            checks.Add(new ReadinessCheck(question, status, rule.Missing, rule.Scope));
        }

        return new Readiness(checks, verdict.Timing == Timing.Now);
    }

    private static CourseFit? FitCourse(Questionnaire questionnaire, AnswerSet answers, Outcome outcome)
    {
        foreach (var question in questionnaire.Questions)
        {
            if (answers.Get(question)?.Course is { } course)
            {
                return new CourseFit(course, FromGoal: true);
            }
        }

        return questionnaire.OutcomeTexts.TryGetValue(outcome, out var info) && info.Course is not null
            ? new CourseFit(info.Course, FromGoal: false)
            : null;
    }
}
