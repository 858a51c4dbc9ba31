using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// Scores answer sets against a questionnaire (contract version 3). Pure and deterministic: the result
/// depends only on the questionnaire and the answers.
/// <list type="bullet">
/// <item>What the project needs (the outcome): every outcome starts at its start value, each answer not
/// set aside adds its weights, gates rule outcomes out, and the highest remaining score wins; any tie at
/// the top goes to RAG (<see cref="QuizPrinciples.UnsureGivesRag"/>).</item>
/// <item>When (the timing): the readiness lines that count for the outcome
/// (<see cref="QuizPrinciples.Readiness"/>, <see cref="QuizPrinciples.RetrievalReadiness"/>).</item>
/// <item>What to do first (the plan): see <see cref="Plan(Questionnaire, ReadOnlySpan{sbyte}, Verdict, Span{PlanStep})"/>.</item>
/// </list>
/// These are allocation-free: the whole-space check runs them millions of times. The explanation shown
/// with a verdict is built by <see cref="RecommendationBuilder"/>, through <see cref="Recommend"/>.
/// </summary>
public static class ScoringEngine
{
    /// <summary>The longest plan: every step once.</summary>
    public const int MaxPlanLength = 9;

    /// <summary>
    /// The bare outcome of an answer set given as option indexes (-1 unanswered), without explanation.
    /// No allocation: this is what the whole-space checks call millions of times.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Outcome Decide(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var scores = questionnaire.Kernel.Totals(choices, out var forbidden, out _);
        return Pick(scores, forbidden);
    }

    /// <summary>The verdict of a counted answer set (the whole-space check counts each set once and reuses the tally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Verdict Judge(Questionnaire questionnaire, in Tally tally, ReadOnlySpan<sbyte> choices)
    {
        var outcome = Pick(tally.Scores, tally.Forbidden);
        return new Verdict(outcome, questionnaire.Kernel.Readiness.TimingOf(choices, outcome, tally.SetAside));
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
        ArgumentNullException.ThrowIfNull(questionnaire);
        var scores = questionnaire.Kernel.Totals(choices, out var forbidden, out var setAside);
        var outcome = Pick(scores, forbidden);
        return new Verdict(outcome, questionnaire.Kernel.Readiness.TimingOf(choices, outcome, setAside));
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
    /// <item>RAG: <c>diagnose</c> first when the gap is unsure or unanswered, or contradicts the facts answer
    /// (<see cref="QuizPrinciples.UnsureGivesRag"/>, <see cref="QuizPrinciples.ContradictionsDiagnosed"/>);
    /// <c>gather-sources</c> when the documents are scattered or missing (<see cref="QuizPrinciples.RetrievalReadiness"/>);
    /// then <c>retrieval</c>, then <c>build-evaluation</c> when there is no way to score answers yet.</item>
    /// <item>Fine-tuning and both: for both, <c>gather-sources</c> and <c>retrieval</c> first, unless a behaviour
    /// gap puts prompting before them; <c>build-evaluation</c> before prompting when there is no evaluation at all
    /// (<see cref="QuizPrinciples.MeasureFirst"/>); <c>prompting</c> when it has not been pushed and the exception
    /// does not lift it (<see cref="QuizPrinciples.PromptingFirst"/>); then the step of each readiness answer that is
    /// not ready or not answered, in the contract's order; <c>fine-tune</c> last (<see cref="QuizPrinciples.PlanOrder"/>).</item>
    /// </list>
    /// </summary>
    public static int Plan(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, Verdict verdict, Span<PlanStep> plan)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return Plan(questionnaire, choices, questionnaire.Kernel.SetAsideMask(choices, out _), verdict, plan);
    }

    /// <summary>The plan, with the answers set aside already known (the whole-space check has them from the tally).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Plan(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, ulong setAside, Verdict verdict, Span<PlanStep> plan)
    {
        var contract = questionnaire.Kernel.Contract;
        var readiness = questionnaire.Kernel.Readiness;
        var n = 0;
        var gap = contract.GapIndex < 0 ? (sbyte)-1 : choices[contract.GapIndex];
        var gather = contract.GatherSources(choices, setAside);
        var evaluation = readiness.RulesByStep[(int)PlanStep.BuildEvaluation];
        if (verdict.Outcome == Outcome.Rag)
        {
            if (contract.GapIndex >= 0 && (gap < 0 || gap == contract.UnsureGap || contract.FactsContradictGap(choices)))
            {
                plan[n++] = PlanStep.Diagnose;
            }

            if (gather)
            {
                plan[n++] = PlanStep.GatherSources;
            }

            plan[n++] = PlanStep.Retrieval;
            if (evaluation >= 0 && !readiness.IsReady(evaluation, choices))
            {
                plan[n++] = PlanStep.BuildEvaluation;
            }

            return n;
        }

        var promptingOpen = contract.PromptingIndex >= 0 && choices[contract.PromptingIndex] != contract.PromptingExhausted && !contract.PromptingWaived(choices);
        var measureFirst = contract.EvaluationIndex >= 0 && choices[contract.EvaluationIndex] >= 0 && choices[contract.EvaluationIndex] == contract.NoEvaluation;
        var behaviourGap = gap >= 0 && Array.IndexOf(contract.BehaviourGaps, gap) >= 0;
        var both = verdict.Outcome == Outcome.Both;
        // A behaviour gap tries prompting before retrieval, unless an evaluation set must come first (it follows retrieval).
        var retrievalFirst = both && !(behaviourGap && promptingOpen && !measureFirst);
        if (retrievalFirst)
        {
            n = Retrieval(plan, n, gather);
        }

        if (measureFirst)
        {
            plan[n++] = PlanStep.BuildEvaluation;
        }

        if (promptingOpen)
        {
            plan[n++] = PlanStep.Prompting;
        }

        if (both && !retrievalFirst)
        {
            n = Retrieval(plan, n, gather);
        }

        // Readiness steps in the contract's order, whatever order the file lists the rules in.
        var rules = readiness.RulesByStep;
        for (var step = PlanStep.WriteTarget; step <= PlanStep.ChooseTraining; step++)
        {
            var rule = rules[(int)step];
            if (rule >= 0 && !readiness.IsReady(rule, choices) && !(step == PlanStep.BuildEvaluation && measureFirst))
            {
                plan[n++] = step;
            }
        }

        plan[n++] = PlanStep.FineTune;
        return n;

        static int Retrieval(Span<PlanStep> plan, int n, bool gather)
        {
            if (gather)
            {
                plan[n++] = PlanStep.GatherSources;
            }

            plan[n++] = PlanStep.Retrieval;
            return n;
        }
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
