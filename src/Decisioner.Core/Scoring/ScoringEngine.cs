using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// Scores answer sets against a questionnaire (contract version 2). Pure and deterministic: the result
/// depends only on the questionnaire and the answers.
/// <list type="bullet">
/// <item>What the project needs (the outcome): every outcome starts at its start value, each answer not
/// set aside adds its weights, gates rule outcomes out, and the highest remaining score wins; any tie at
/// the top goes to RAG (principle 5).</item>
/// <item>When (the timing): RAG is always now; fine-tuning and both follow the readiness rules (principle 4).</item>
/// <item>What to do first (the plan): principles 5, 11 and 12.</item>
/// </list>
/// </summary>
public static class ScoringEngine
{
    /// <summary>The longest plan: every step once.</summary>
    public const int MaxPlanLength = 8;

    /// <summary>
    /// The bare outcome of an answer set given as option indexes (-1 unanswered), without explanation.
    /// No allocation: this is what the whole-space checks call millions of times.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Outcome Decide(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var scores = questionnaire.Totals(choices, out var forbidden);
        return Pick(scores, forbidden);
    }

    /// <summary>The verdict of a counted answer set (the whole-space check counts each set once and reuses the tally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Verdict Judge(Questionnaire questionnaire, in Questionnaire.Tally tally, ReadOnlySpan<sbyte> choices)
    {
        var outcome = Pick(tally.Scores, Questionnaire.Forbidden(tally));
        return new Verdict(outcome, outcome == Outcome.Rag ? Timing.Now : questionnaire.TimingOf(choices));
    }

    /// <summary>The outcome of a counted answer set with one answer (not one a set-aside rule reads) changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Outcome DecideChanged(Questionnaire questionnaire, in Questionnaire.Tally tally, int question, sbyte from, sbyte to)
    {
        var scores = questionnaire.Change(tally, question, from, to, out var forbidden);
        return Pick(scores, forbidden);
    }

    public static Outcome Decide(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return Decide(answers.Questionnaire, answers.Choices);
    }

    /// <summary>The bare outcome and timing, without allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Verdict Judge(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices)
    {
        var outcome = Decide(questionnaire, choices);
        return new Verdict(outcome, outcome == Outcome.Rag ? Timing.Now : questionnaire.TimingOf(choices));
    }

    public static Verdict Judge(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return Judge(answers.Questionnaire, answers.Choices);
    }

    /// <summary>
    /// Writes the plan's steps into <paramref name="plan"/> (at least <see cref="MaxPlanLength"/> long) and
    /// returns how many there are. No allocation.
    /// <list type="bullet">
    /// <item>RAG: <c>diagnose</c> first when the gap is unsure or unanswered (principle 5), then <c>retrieval</c>,
    /// then <c>build-evaluation</c> when there is no way to score answers yet.</item>
    /// <item>Fine-tuning and both: <c>prompting</c> first when it has not been pushed; for both, <c>retrieval</c>
    /// first unless the gap is behaviour and prompting comes first (principle 11); then the step of each
    /// readiness answer that is not ready or not answered, in the contract's order; <c>fine-tune</c> last (principle 12).</item>
    /// </list>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Plan(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, Verdict verdict, Span<PlanStep> plan)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var n = 0;
        var gap = questionnaire.GapIndex < 0 ? (sbyte)-1 : choices[questionnaire.GapIndex];
        if (verdict.Outcome == Outcome.Rag)
        {
            if (questionnaire.GapIndex >= 0 && (gap < 0 || gap == questionnaire.UnsureGap))
            {
                plan[n++] = PlanStep.Diagnose;
            }

            plan[n++] = PlanStep.Retrieval;
            var evaluation = questionnaire.RulesByStep[(int)PlanStep.BuildEvaluation];
            if (evaluation >= 0 && !questionnaire.IsReady(evaluation, choices))
            {
                plan[n++] = PlanStep.BuildEvaluation;
            }

            return n;
        }

        var promptingOpen = questionnaire.PromptingIndex >= 0 && choices[questionnaire.PromptingIndex] != questionnaire.PromptingExhausted;
        var behaviourGap = gap >= 0 && Array.IndexOf(questionnaire.BehaviourGaps, gap) >= 0;
        var retrievalFirst = verdict.Outcome == Outcome.Both && !(behaviourGap && promptingOpen);
        if (retrievalFirst)
        {
            plan[n++] = PlanStep.Retrieval;
        }

        if (promptingOpen)
        {
            plan[n++] = PlanStep.Prompting;
        }

        if (verdict.Outcome == Outcome.Both && !retrievalFirst)
        {
            plan[n++] = PlanStep.Retrieval;
        }

        // Readiness steps in the contract's order, whatever order the file lists the rules in.
        var rules = questionnaire.RulesByStep;
        for (var step = PlanStep.WriteTarget; step <= PlanStep.ChooseTraining; step++)
        {
            var rule = rules[(int)step];
            if (rule >= 0 && !questionnaire.IsReady(rule, choices))
            {
                plan[n++] = step;
            }
        }

        plan[n++] = PlanStep.FineTune;
        return n;
    }

    /// <summary>The full recommendation: verdict, headline, plan, scores, reasons, rules, readiness, flips and course.</summary>
    public static Recommendation Recommend(AnswerSet answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var questionnaire = answers.Questionnaire;
        var choices = answers.Choices;
        // One pass over the answers gives the scores, the rules' counts and what was set aside, by which rules.
        var tally = questionnaire.Count(choices);
        var (scores, setAside) = (tally.Scores, tally.SetAside);
        var forbidden = Questionnaire.Forbidden(tally);
        var verdict = Judge(questionnaire, tally, choices);
        var outcome = verdict.Outcome;
        var scoresOutcome = Pick(scores, 0);

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
    public static string Headline(Questionnaire questionnaire, Verdict verdict, IReadOnlyList<PlanItem> plan)
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

    /// <summary>The best outcome that no gate rules out; a tie at the top goes to RAG.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Outcome Pick(OutcomeScores scores, byte forbidden)
    {
        var best = Outcome.Rag;
        var bestScore = scores.Rag; // RAG is never forbidden: the loader refuses such a gate
        var tie = false;
        for (var o = 1; o <= 2; o++)
        {
            if ((forbidden & (1 << o)) != 0)
            {
                continue;
            }

            var score = o == 1 ? scores.FineTuning : scores.Both;
            if (score > bestScore)
            {
                best = (Outcome)o;
                bestScore = score;
                tie = false;
            }
            else if (score == bestScore)
            {
                tie = true;
            }
        }

        return tie ? Outcome.Rag : best;
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
        Span<PlanStep> steps = stackalloc PlanStep[MaxPlanLength];
        var count = Plan(questionnaire, answers.Choices, verdict, steps);
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
        else if (step == PlanStep.Diagnose && questionnaire.GapIndex >= 0)
        {
            question = questionnaire.Questions[questionnaire.GapIndex];
        }
        else if (step == PlanStep.Prompting && questionnaire.PromptingIndex >= 0)
        {
            question = questionnaire.Questions[questionnaire.PromptingIndex];
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
                var changed = Judge(questionnaire, choices);
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
                : questionnaire.IsReady(index, answers.Choices) ? ReadinessStatus.Ready
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
