using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// Builds the explanation around a verdict: the reasons (start, each answer, set-aside rules, gates), how
/// clear the call is, the readiness checklist, the plan with why each step is there, the answers that
/// would flip the verdict, the course and the headline. It reads the same compiled tables as the verdict
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
                reasons.Add(new AnswerReason(question, option, default, setAsideBy[question.Index]));
            }
            else if (!option.Weights.IsZero || option.Why.Length > 0)
            {
                reasons.Add(new AnswerReason(question, option, option.Weights));
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
            if (gate.FlagWhen?.Matches(questionnaire, answers) == true && gate.FlagText is not null)
            {
                flags.Add(gate.FlagText);
            }
        }

        // The lead over the best outcome still on the table; when the rules leave nothing else, they decided.
        var allowedOthers = Outcomes.All.Where(o => o != outcome && (forbidden & (1 << (int)o)) == 0).ToList();
        var runnerUp = (allowedOthers.Count > 0 ? allowedOthers : Outcomes.All.Where(o => o != outcome)).Max(o => scores[o]);
        var margin = scores[outcome] - runnerUp;
        var clarity = outcome != scoresOutcome || allowedOthers.Count == 0 ? Clarity.Rule
            : margin >= questionnaire.Thresholds.Clear ? Clarity.Clear
            : margin >= questionnaire.Thresholds.Leaning ? Clarity.Leaning
            : Clarity.Close;

        var plan = BuildPlan(answers, verdict);
        return new Recommendation
        {
            Answers = answers,
            Outcome = outcome,
            Timing = verdict.Timing,
            Headline = Headline(questionnaire, verdict, plan),
            ScoresOutcome = scoresOutcome,
            Scores = scores,
            Margin = margin,
            Clarity = clarity,
            Reasons = reasons,
            Readiness = CheckReadiness(questionnaire, answers),
            Plan = plan,
            Flips = FindFlips(answers, verdict),
            Course = FitCourse(questionnaire, answers, outcome),
            Unanswered = unanswered,
            Flags = flags,
        };
    }

    /// <summary>
    /// "Outcome[, timing]: first step[, then second step]". The second step is left out when it is
    /// fine-tuning and the timing is not now, so the headline never tells a team that is not ready to train.
    /// </summary>
    internal static string Headline(Questionnaire questionnaire, Verdict verdict, IReadOnlyList<PlanItem> plan)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(plan);
        var title = questionnaire.OutcomeTitle(verdict.Outcome);
        var label = verdict.Outcome == Outcome.Rag ? "" : questionnaire.TimingInfo(verdict.Timing).Label;
        var head = label.Length == 0 ? title : title + ", " + label;
        if (plan.Count == 0)
        {
            return head;
        }

        var text = head + ": " + plan[0].Info.Headline;
        if (plan.Count > 1 && !(plan[1].Step == PlanStep.FineTune && verdict.Timing != Timing.Now))
        {
            text += ", then " + plan[1].Info.Headline;
        }

        return text;
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

    private static List<PlanItem> BuildPlan(AnswerSet answers, Verdict verdict)
    {
        var questionnaire = answers.Questionnaire;
        Span<PlanStep> steps = stackalloc PlanStep[ScoringEngine.MaxPlanLength];
        var count = ScoringEngine.Plan(questionnaire, answers.Choices, verdict, steps);
        var items = new List<PlanItem>(count);
        foreach (var step in steps[..count])
        {
            var (why, because) = WhyStep(questionnaire, answers, step);
            items.Add(new PlanItem(step, questionnaire.StepInfo(step), why, because));
        }

        return items;
    }

    /// <summary>Why a step is in this plan: the answer behind it, if one, then the editors' reason for the step.</summary>
    private static (string Why, IReadOnlyList<Question> Because) WhyStep(Questionnaire questionnaire, AnswerSet answers, PlanStep step)
    {
        var info = questionnaire.StepInfo(step);
        Question? question = null;
        var status = "";
        if (questionnaire.Readiness.FirstOrDefault(r => r.Step == step) is { } rule)
        {
            question = questionnaire.FindQuestion(rule.QuestionId)!;
            status = " (not ready yet)";
        }
        else if (step == PlanStep.Diagnose && questionnaire.Kernel.GapIndex >= 0)
        {
            question = questionnaire.Questions[questionnaire.Kernel.GapIndex];
        }
        else if (step == PlanStep.Prompting && questionnaire.Kernel.PromptingIndex >= 0)
        {
            question = questionnaire.Questions[questionnaire.Kernel.PromptingIndex];
        }

        if (question is null)
        {
            return (info.Why, []);
        }

        var answer = answers.Get(question) is { } option ? $"{question.Label}: {option.Text}{status}" : $"{question.Label}: not answered yet";
        return ($"{answer}. {info.Why}".TrimEnd(), [question]);
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

    private static Readiness CheckReadiness(Questionnaire questionnaire, AnswerSet answers)
    {
        // The same compiled table the timing is decided from, so the checklist and the timing agree.
        var checks = new List<ReadinessCheck>();
        for (var index = 0; index < questionnaire.Readiness.Count; index++)
        {
            var rule = questionnaire.Readiness[index];
            var question = questionnaire.FindQuestion(rule.QuestionId)!;
            var status = answers.Get(question) is null ? ReadinessStatus.Unknown
                : questionnaire.Kernel.IsReady(index, answers.Choices) ? ReadinessStatus.Ready
                : ReadinessStatus.Missing;
            checks.Add(new ReadinessCheck(question, status, rule.Missing));
        }

        return new Readiness(checks);
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
