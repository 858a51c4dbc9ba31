using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// The contract's principles that can be stated over complete answer sets
/// (<see cref="QuizPrinciples.ProvedOverTheWholeSpace"/>), checked one set at a time. The definitions come from the contract's own words, not from the questionnaire's
/// weights, gates or readiness lines: that is what lets them catch an editor's mistake. The contract's
/// answers are lookup tables over this questionnaire's option indexes, built once: <see cref="SpaceCheck"/>
/// runs the check for each of millions of answer sets, so it does no searching and no copying.
/// </summary>
internal sealed class ContractPrinciples
{
    private readonly int _gap, _facts, _changeRate, _longTail, _sources, _prompting, _documents, _evaluation, _efficiency, _examples;
    private readonly sbyte _unsure, _bothGap, _factsAll, _exhausted, _noDocuments, _noEvaluation, _hardLimit, _over500, _automated;
    private readonly bool[] _knowledgeGap, _behaviourGap, _changing, _mostly, _required, _toGather;
    private readonly (int Question, bool[] Ready, PlanStep Step)[] _readiness;

    // One step up each order: option index -> the next stronger option, or -1 at the top or off the order.
    private readonly (int Question, sbyte[] Up)[] _fineTuningSide, _ragSide, _setAsideWithFacts;

    public ContractPrinciples(Questionnaire questionnaire)
    {
        int Q(string id) => questionnaire.FindQuestion(id)?.Index ?? throw new InvalidOperationException($"contract question '{id}' is missing");
        sbyte O(string q, string o) => (sbyte)(questionnaire.FindQuestion(q)?.FindOption(o)?.Index ?? -2);
        bool[] Set(string q, params IEnumerable<string> options)
        {
            var set = new bool[questionnaire.Questions[Q(q)].Options.Count];
            foreach (var option in options.Select(o => O(q, o)).Where(o => o >= 0))
            {
                set[option] = true;
            }
            return set;
        }

        (int, sbyte[]) Up(string q, string[] order)
        {
            var up = new sbyte[questionnaire.Questions[Q(q)].Options.Count];
            Array.Fill(up, (sbyte)-1);
            for (var i = 0; i + 1 < order.Length; i++)
            {
                if (O(q, order[i]) is >= 0 and var from && O(q, order[i + 1]) is >= 0 and var to)
                {
                    up[from] = to;
                }
            }
            return (Q(q), up);
        }

        _gap = Q("gap");
        _facts = Q("facts-in-input");
        _changeRate = Q("change-rate");
        _longTail = Q("long-tail");
        _sources = Q("sources");
        _prompting = Q("prompting");
        _documents = Q("documents");
        _evaluation = Q("evaluation");
        _efficiency = Q("efficiency");
        _examples = Q("examples");
        _unsure = O("gap", "unsure");
        _bothGap = O("gap", "both");
        _factsAll = O("facts-in-input", "all");
        _exhausted = O("prompting", "exhausted");
        _noDocuments = O("documents", "none");
        _noEvaluation = O("evaluation", "none");
        _hardLimit = O("efficiency", "hard-limit");
        _over500 = O("examples", "over-500");
        _automated = O("evaluation", "automated");
        _toGather = Set("documents", "scattered", "none");
        _knowledgeGap = Set("gap", QuizContract.KnowledgeGaps);
        _behaviourGap = Set("gap", QuizContract.BehaviourGaps);
        _changing = Set("change-rate", "daily", "monthly");
        _mostly = Set("long-tail", "mostly");
        _required = Set("sources", "required");
        // The training lines; the documents line is QuizPrinciples.RetrievalReadiness's, checked on its own below.
        _readiness = [.. QuizContract.Readiness.Where(r => r.Scope == ReadinessScope.Training).Select(r => (Q(r.Question), Set(r.Question, r.Ready), r.Step))];

        // QuizPrinciples.Monotone's neighbours of a question no answer of which can move the outcome would only
        // repeat the set's own outcome: the questionnaire's tables say which those are.
        (int, sbyte[])[] Orders(IEnumerable<KeyValuePair<string, string[]>> orders) =>
            [.. orders.Select(p => Up(p.Key, p.Value)).Where(o => !questionnaire.Kernel.IsNeutral(o.Item1))];
        _fineTuningSide = Orders(QuizContract.FineTuningSide);
        _ragSide = Orders(QuizContract.RagSide);
        // QuizPrinciples.FactsInInput moves each set-aside answer one step toward retrieval; documents run none -> organized.
        _setAsideWithFacts = Orders([.. QuizContract.RagSide, new("documents", ["none", "scattered", "organized"])]);
    }

    /// <summary>Whether the principles read question <paramref name="q"/> (its answer, or its order for <see cref="QuizPrinciples.Monotone"/> or <see cref="QuizPrinciples.FactsInInput"/>).</summary>
    public bool Reads(int q) =>
        q == _gap || q == _facts || q == _changeRate || q == _longTail || q == _sources || q == _prompting || q == _documents || q == _evaluation
        || q == _efficiency || q == _examples || _readiness.Any(r => r.Question == q)
        || _fineTuningSide.Any(o => o.Question == q) || _ragSide.Any(o => o.Question == q) || _setAsideWithFacts.Any(o => o.Question == q);

    /// <summary>The first principle this complete answer set breaks, or null. <paramref name="scratch"/> holds a copy of the set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Check(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, in Tally tally, Verdict verdict, ReadOnlySpan<PlanStep> plan, sbyte[] scratch)
    {
        var outcome = verdict.Outcome;
        var gap = choices[_gap];
        var factsAll = choices[_facts] == _factsAll;
        var knowledgeGap = _knowledgeGap[gap];
        var behaviourGap = _behaviourGap[gap];
        var changing = _changing[choices[_changeRate]];
        var knowledgeNeed = !factsAll && (changing || _mostly[choices[_longTail]] || _required[choices[_sources]]);
        var waived = choices[_efficiency] == _hardLimit && choices[_examples] == _over500 && choices[_evaluation] == _automated;
        var promptingOpen = choices[_prompting] != _exhausted && !waived;
        var contradiction = knowledgeGap && factsAll;
        // Documents count unless QuizPrinciples.FactsInInput sets them aside: all facts in the input, and a gap that does not name knowledge.
        var documentsCount = !factsAll || knowledgeGap || gap == _bothGap;
        var noDocuments = documentsCount && choices[_documents] == _noDocuments;
        var gather = documentsCount && _toGather[choices[_documents]];

        if (knowledgeGap && outcome != Outcome.Rag)
        {
            return $"{QuizPrinciples.KnowledgeGapGivesRag} gives {outcome.Id()}";
        }

        if (behaviourGap && !knowledgeNeed && outcome != Outcome.FineTuning)
        {
            return $"{QuizPrinciples.BehaviourGapGivesFineTuning} gives {outcome.Id()}";
        }

        if ((gap == _bothGap || (behaviourGap && knowledgeNeed)) && outcome != Outcome.Both)
        {
            return $"{QuizPrinciples.BothNeedsGiveBoth} gives {outcome.Id()}";
        }

        // QuizPrinciples.Readiness (and RetrievalReadiness's timing), in the contract's words: every set here is complete, so the timing is now or not yet.
        var ready = true;
        foreach (var (question, readyOptions, step) in _readiness)
        {
            ready &= readyOptions[choices[question]] || (step == PlanStep.Prompting && waived);
        }

        var timing = (outcome.UsesFineTuning() && !ready) || (outcome.UsesRag() && noDocuments) ? Timing.NotYet : Timing.Now;
        if (verdict.Timing != timing)
        {
            return $"{QuizPrinciples.Readiness} gives {verdict.Timing.Id()} instead of {timing.Id()} for {outcome.Id()}";
        }

        if (gap == _unsure && (outcome != Outcome.Rag || plan[0] != PlanStep.Diagnose))
        {
            return $"{QuizPrinciples.UnsureGivesRag} gives {outcome.Id()} starting with {plan[0].Id()}";
        }

        if (changing && !factsAll && outcome == Outcome.FineTuning)
        {
            return $"{QuizPrinciples.ChangingKnowledge} gives fine-tuning alone";
        }

        if (outcome.UsesFineTuning() && Moved(questionnaire, choices, tally, scratch, _fineTuningSide, outcome, keepFineTuning: true) is { } ft)
        {
            return $"{QuizPrinciples.Monotone}: a stronger fine-tuning answer lost fine-tuning, moving {ft} up";
        }

        if (outcome.UsesRag() && Moved(questionnaire, choices, tally, scratch, _ragSide, outcome, keepFineTuning: false) is { } rag)
        {
            return $"{QuizPrinciples.Monotone}: a stronger RAG answer lost RAG, moving {rag} up";
        }

        var measureFirst = choices[_evaluation] == _noEvaluation;
        // Where each step stands in the plan (-1 when absent), found once: the checks below ask many times.
        Span<sbyte> at = stackalloc sbyte[StepSlots];
        at.Fill(-1);
        for (var i = 0; i < plan.Length; i++)
        {
            at[(int)plan[i]] = (sbyte)i;
        }

        if (CheckPromptingFirst(at, plan[0], outcome, behaviourGap, promptingOpen, waived, measureFirst, gap == _bothGap) is { } first)
        {
            return $"{QuizPrinciples.PromptingFirst}: {first}";
        }

        if (CheckPlanOrder(choices, outcome, ready, waived, at, plan) is { } order)
        {
            return $"{QuizPrinciples.PlanOrder}: {order}";
        }

        if (factsAll && !knowledgeGap && gap != _bothGap
            && Moved(questionnaire, choices, tally, scratch, _setAsideWithFacts, outcome, keepFineTuning: null) is { } moved)
        {
            return $"{QuizPrinciples.FactsInInput}: {moved} moved the outcome";
        }

        if (CheckRetrievalReadiness(outcome, gather, at, plan[0]) is { } sources)
        {
            return $"{QuizPrinciples.RetrievalReadiness}: {sources}";
        }

        if (outcome.UsesFineTuning() && measureFirst && CheckMeasureFirst(outcome, at) is { } measure)
        {
            return $"{QuizPrinciples.MeasureFirst}: {measure}";
        }

        if (contradiction && (plan[0] != PlanStep.Diagnose || (tally.SetAside & (1UL << _facts)) == 0 || (tally.SetAside & (1UL << _documents)) != 0))
        {
            return $"{QuizPrinciples.ContradictionsDiagnosed}: starts with {plan[0].Id()}, or the facts answer was not set aside, or documents were";
        }

        return null;
    }

    /// <summary>One slot per plan step number (a constant, so the hot loop allocates a fixed stack buffer).</summary>
    private const int StepSlots = (int)PlanStep.GatherSources + 1;

    /// <summary>True when a step at <paramref name="step"/> (-1 absent) comes before position <paramref name="than"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(sbyte step, int than) => step >= 0 && step < than;

    /// <summary><see cref="QuizPrinciples.PromptingFirst"/>: prompting before any training step where it has not been pushed; where the exception lifts it, no prompting step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? CheckPromptingFirst(ReadOnlySpan<sbyte> at, PlanStep first, Outcome outcome, bool behaviourGap, bool promptingOpen, bool waived, bool measureFirst, bool bothGap)
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? CheckPlanOrder(ReadOnlySpan<sbyte> choices, Outcome outcome, bool ready, bool waived, ReadOnlySpan<sbyte> at, ReadOnlySpan<PlanStep> plan)
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
        foreach (var (question, readyOptions, step) in _readiness)
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
    private static string? CheckRetrievalReadiness(Outcome outcome, bool gather, ReadOnlySpan<sbyte> at, PlanStep first)
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
    private static string? CheckMeasureFirst(Outcome outcome, ReadOnlySpan<sbyte> at)
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

    /// <summary>
    /// Moves each question one step up its order, in place in <paramref name="scratch"/> (a copy of the
    /// set), and returns the first whose move loses the side (<paramref name="keepFineTuning"/> true or
    /// false) or, when null, changes the outcome at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Moved(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, in Tally tally, sbyte[] scratch, (int Question, sbyte[] Up)[] orders, Outcome outcome, bool? keepFineTuning)
    {
        foreach (var (question, up) in orders)
        {
            var from = choices[question];
            var next = up[from];
            if (next < 0)
            {
                continue;
            }

            Outcome moved;
            if (questionnaire.Kernel.IsSetAsideTrigger(question))
            {
                scratch[question] = next;
                moved = ScoringEngine.Decide(questionnaire, scratch);
                scratch[question] = from;
            }
            else
            {
                // Every other move only swaps one answer's weights and rules: count the set once, then add.
                moved = ScoringEngine.DecideChanged(questionnaire, tally, question, from, next);
            }

            var lost = keepFineTuning switch
            {
                true => !moved.UsesFineTuning(),
                false => !moved.UsesRag(),
                null => moved != outcome,
            };
            if (lost)
            {
                return questionnaire.Questions[question].Id;
            }
        }

        return null;
    }
}
