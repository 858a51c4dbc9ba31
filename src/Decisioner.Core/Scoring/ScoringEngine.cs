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
/// These are allocation-free: the whole-space check runs them millions of times. The explanation shown
/// with a verdict is built by <see cref="RecommendationBuilder"/>, through <see cref="Recommend"/>.
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
        var scores = questionnaire.Kernel.Totals(choices, out var forbidden);
        return Pick(scores, forbidden);
    }

    /// <summary>The verdict of a counted answer set (the whole-space check counts each set once and reuses the tally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Verdict Judge(Questionnaire questionnaire, in Tally tally, ReadOnlySpan<sbyte> choices)
    {
        var outcome = Pick(tally.Scores, tally.Forbidden);
        return new Verdict(outcome, outcome == Outcome.Rag ? Timing.Now : questionnaire.Kernel.TimingOf(choices));
    }

    /// <summary>The outcome of a counted answer set with one answer (not one a set-aside rule reads) changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Outcome DecideChanged(Questionnaire questionnaire, in Tally tally, int question, sbyte from, sbyte to)
    {
        var scores = questionnaire.Kernel.Change(tally, question, from, to, out var forbidden);
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
        return new Verdict(outcome, outcome == Outcome.Rag ? Timing.Now : questionnaire.Kernel.TimingOf(choices));
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
        var kernel = questionnaire.Kernel;
        var n = 0;
        var gap = kernel.GapIndex < 0 ? (sbyte)-1 : choices[kernel.GapIndex];
        if (verdict.Outcome == Outcome.Rag)
        {
            if (kernel.GapIndex >= 0 && (gap < 0 || gap == kernel.UnsureGap))
            {
                plan[n++] = PlanStep.Diagnose;
            }

            plan[n++] = PlanStep.Retrieval;
            var evaluation = kernel.RulesByStep[(int)PlanStep.BuildEvaluation];
            if (evaluation >= 0 && !kernel.IsReady(evaluation, choices))
            {
                plan[n++] = PlanStep.BuildEvaluation;
            }

            return n;
        }

        var promptingOpen = kernel.PromptingIndex >= 0 && choices[kernel.PromptingIndex] != kernel.PromptingExhausted;
        var behaviourGap = gap >= 0 && Array.IndexOf(kernel.BehaviourGaps, gap) >= 0;
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
        var rules = kernel.RulesByStep;
        for (var step = PlanStep.WriteTarget; step <= PlanStep.ChooseTraining; step++)
        {
            var rule = rules[(int)step];
            if (rule >= 0 && !kernel.IsReady(rule, choices))
            {
                plan[n++] = step;
            }
        }

        plan[n++] = PlanStep.FineTune;
        return n;
    }

    /// <summary>The full recommendation: verdict, headline, plan, scores, reasons, rules, readiness, flips and course.</summary>
    public static Recommendation Recommend(AnswerSet answers) => RecommendationBuilder.Build(answers);

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
}
