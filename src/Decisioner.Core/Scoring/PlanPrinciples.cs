using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// The contract's principles about the plan's shape, for <see cref="ContractPrinciples"/>: each returns what
/// is wrong with a complete answer set's plan, or null. They read the plan through <c>at</c>, where each step
/// stands in it (-1 when absent), found once per set by <see cref="Locate"/>.
/// </summary>
internal static class PlanPrinciples
{
    /// <summary>One slot per plan step number (a constant, so the hot loop allocates a fixed stack buffer).</summary>
    public const int StepSlots = (int)PlanStep.GatherSources + 1;

    /// <summary>True when a step at <paramref name="step"/> (-1 absent) comes before position <paramref name="than"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(sbyte step, int than) => step >= 0 && step < than;

    /// <summary><see cref="QuizPrinciples.PromptingFirst"/>: prompting before any training step where it has not been pushed; where the exception lifts it, no prompting step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? PromptingFirst(ReadOnlySpan<sbyte> at, PlanStep first, Outcome outcome, bool behaviourGap, bool promptingOpen, bool waived, bool measureFirst, bool bothGap)
    {
        int prompting = at[(int)PlanStep.Prompting];
        if (waived && prompting >= 0)
        {
            return "the exception lifts prompting, yet the plan has it";
        }

        if (outcome.UsesFineTuning() && promptingOpen)
        {
            var end = prompting < 0 ? int.MaxValue : prompting;
            if (prompting < 0 || Before(at[(int)PlanStep.WriteTarget], end) || Before(at[(int)PlanStep.CollectExamples], end) || Before(at[(int)PlanStep.ChooseTraining], end)
                || Before(at[(int)PlanStep.FineTune], end) || (!measureFirst && Before(at[(int)PlanStep.BuildEvaluation], end)))
            {
                return "prompting has not been pushed, yet it does not come before every training step";
            }

            if (behaviourGap && outcome == Outcome.FineTuning && prompting != (measureFirst ? 1 : 0))
            {
                return $"starts with {first.Id()}";
            }
        }

        return bothGap && first is not (PlanStep.Retrieval or PlanStep.GatherSources) ? $"gap both starts with {first.Id()}" : null;
    }

    /// <summary>
    /// <see cref="QuizPrinciples.PlanOrder"/>: a RAG plan starts with retrieval, diagnose or gather-sources and
    /// has no fine-tune; any other ends with fine-tune, holds the step of every training line not ready and of
    /// no line that is (prompting may stay), and, for both with a line not ready, puts retrieval before them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? PlanOrder((int Question, bool[] Ready, PlanStep Step)[] readiness, ReadOnlySpan<sbyte> choices, Outcome outcome, bool ready, bool waived, ReadOnlySpan<sbyte> at, ReadOnlySpan<PlanStep> plan)
    {
        if (outcome == Outcome.Rag)
        {
            return plan[0] is PlanStep.Retrieval or PlanStep.Diagnose or PlanStep.GatherSources && at[(int)PlanStep.FineTune] < 0
                ? null : $"rag starts with {plan[0].Id()}";
        }

        if (at[(int)PlanStep.FineTune] != plan.Length - 1)
        {
            return "fine-tune is not the last step";
        }

        var firstReadinessStep = int.MaxValue;
        foreach (var (question, readyOptions, step) in readiness)
        {
            int where = at[(int)step];
            if (readyOptions[choices[question]] || (step == PlanStep.Prompting && waived))
            {
                if (where >= 0 && step != PlanStep.Prompting)
                {
                    return $"{step.Id()} is in the plan, yet its answer is ready";
                }

                continue;
            }

            if (where < 0)
            {
                return $"{step.Id()} is missing";
            }

            if (step != PlanStep.Prompting)
            {
                firstReadinessStep = Math.Min(firstReadinessStep, where);
            }
        }

        if (outcome == Outcome.Both && !ready)
        {
            int retrieval = at[(int)PlanStep.Retrieval];
            if (retrieval < 0 || retrieval > firstReadinessStep)
            {
                return "retrieval does not come before the readiness steps";
            }
        }

        return null;
    }

    /// <summary><see cref="QuizPrinciples.RetrievalReadiness"/>: scattered or missing documents put gather-sources right before retrieval; otherwise it is not there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? RetrievalReadiness(Outcome outcome, bool gather, ReadOnlySpan<sbyte> at, PlanStep first)
    {
        int gatherAt = at[(int)PlanStep.GatherSources];
        if (!outcome.UsesRag() || !gather)
        {
            return gatherAt < 0 ? null : "gather-sources is in a plan that needs no gathering";
        }

        if (gatherAt < 0 || at[(int)PlanStep.Retrieval] != gatherAt + 1)
        {
            return "gather-sources does not come right before retrieval";
        }

        return outcome == Outcome.Rag && gatherAt > 0 && first != PlanStep.Diagnose ? $"gather-sources follows {first.Id()}" : null;
    }

    /// <summary><see cref="QuizPrinciples.MeasureFirst"/>: with no evaluation, build-evaluation comes before prompting and every training step (for both, after retrieval).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? MeasureFirst(Outcome outcome, ReadOnlySpan<sbyte> at)
    {
        int evaluation = at[(int)PlanStep.BuildEvaluation];
        if (evaluation < 0)
        {
            return "build-evaluation is missing";
        }

        if (Before(at[(int)PlanStep.Prompting], evaluation) || Before(at[(int)PlanStep.WriteTarget], evaluation) || Before(at[(int)PlanStep.CollectExamples], evaluation)
            || Before(at[(int)PlanStep.ChooseTraining], evaluation) || Before(at[(int)PlanStep.FineTune], evaluation))
        {
            return "a prompting or training step comes before build-evaluation";
        }

        return outcome == Outcome.Both && (at[(int)PlanStep.Retrieval] > evaluation || at[(int)PlanStep.GatherSources] > evaluation)
            ? "build-evaluation comes before retrieval" : null;
    }

    /// <summary>Fills <paramref name="at"/> (<see cref="StepSlots"/> long, all -1) with each step's place in <paramref name="plan"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Locate(ReadOnlySpan<PlanStep> plan, Span<sbyte> at)
    {
        for (var i = 0; i < plan.Length; i++)
        {
            at[(int)plan[i]] = (sbyte)i;
        }
    }
}
