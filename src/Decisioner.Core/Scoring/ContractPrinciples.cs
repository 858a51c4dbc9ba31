using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// The contract's principles that can be stated over complete answer sets
/// (<see cref="QuizPrinciples.ProvedOverTheWholeSpace"/>), checked one set at a time. The definitions come from the contract's own words, not from the questionnaire's
/// weights, gates or readiness lines: that is what lets them catch an editor's mistake. The contract's
/// answers are lookup tables over this questionnaire's option indexes, built once: <see cref="SpaceCheck"/>
/// runs the check for each of millions of answer sets, so it does no searching and no copying. The plan's
/// shape is checked by <see cref="PlanPrinciples"/>, the moves one step up an order by <see cref="NeighbourMoves"/>.
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

        if (outcome.UsesFineTuning() && NeighbourMoves.Moved(questionnaire, choices, tally, scratch, _fineTuningSide, outcome, keepFineTuning: true) is { } ft)
        {
            return $"{QuizPrinciples.Monotone}: a stronger fine-tuning answer lost fine-tuning, moving {ft} up";
        }

        if (outcome.UsesRag() && NeighbourMoves.Moved(questionnaire, choices, tally, scratch, _ragSide, outcome, keepFineTuning: false) is { } rag)
        {
            return $"{QuizPrinciples.Monotone}: a stronger RAG answer lost RAG, moving {rag} up";
        }

        var measureFirst = choices[_evaluation] == _noEvaluation;
        // Where each step stands in the plan (-1 when absent), found once: the checks below ask many times.
        Span<sbyte> at = stackalloc sbyte[PlanPrinciples.StepSlots];
        at.Fill(-1);
        PlanPrinciples.Locate(plan, at);

        if (PlanPrinciples.PromptingFirst(at, plan[0], outcome, behaviourGap, promptingOpen, waived, measureFirst, gap == _bothGap) is { } first)
        {
            return $"{QuizPrinciples.PromptingFirst}: {first}";
        }

        if (PlanPrinciples.PlanOrder(_readiness, choices, outcome, ready, waived, at, plan) is { } order)
        {
            return $"{QuizPrinciples.PlanOrder}: {order}";
        }

        if (factsAll && !knowledgeGap && gap != _bothGap
            && NeighbourMoves.Moved(questionnaire, choices, tally, scratch, _setAsideWithFacts, outcome, keepFineTuning: null) is { } moved)
        {
            return $"{QuizPrinciples.FactsInInput}: {moved} moved the outcome";
        }

        if (PlanPrinciples.RetrievalReadiness(outcome, gather, at, plan[0]) is { } sources)
        {
            return $"{QuizPrinciples.RetrievalReadiness}: {sources}";
        }

        if (outcome.UsesFineTuning() && measureFirst && PlanPrinciples.MeasureFirst(outcome, at) is { } measure)
        {
            return $"{QuizPrinciples.MeasureFirst}: {measure}";
        }

        if (contradiction && (plan[0] != PlanStep.Diagnose || (tally.SetAside & (1UL << _facts)) == 0 || (tally.SetAside & (1UL << _documents)) != 0))
        {
            return $"{QuizPrinciples.ContradictionsDiagnosed}: starts with {plan[0].Id()}, or the facts answer was not set aside, or documents were";
        }

        return null;
    }
}
