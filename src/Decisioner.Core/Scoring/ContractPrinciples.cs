using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// The contract's principles that can be stated over complete answer sets (1-7, 11, 12, 13), checked one
/// set at a time. The definitions come from the contract's own words, not from the questionnaire's
/// weights, gates or readiness lines: that is what lets them catch an editor's mistake. The contract's
/// answers are lookup tables over this questionnaire's option indexes, built once: <see cref="SpaceCheck"/>
/// runs the check for each of millions of answer sets, so it does no searching and no copying.
/// </summary>
internal sealed class ContractPrinciples
{
    private readonly int _gap, _facts, _changeRate, _longTail, _sources, _prompting;
    private readonly sbyte _unsure, _bothGap, _factsAll, _exhausted;
    private readonly bool[] _knowledgeGap, _behaviourGap, _changing, _mostly, _required;
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
        _unsure = O("gap", "unsure");
        _bothGap = O("gap", "both");
        _factsAll = O("facts-in-input", "all");
        _exhausted = O("prompting", "exhausted");
        _knowledgeGap = Set("gap", QuizContract.KnowledgeGaps);
        _behaviourGap = Set("gap", QuizContract.BehaviourGaps);
        _changing = Set("change-rate", "daily", "monthly");
        _mostly = Set("long-tail", "mostly");
        _required = Set("sources", "required");
        _readiness = [.. QuizContract.Readiness.Select(r => (Q(r.Question), Set(r.Question, r.Ready), r.Step))];

        // Principle 7's neighbours of a question no answer of which can move the outcome would only
        // repeat the set's own outcome: the questionnaire's tables say which those are.
        (int, sbyte[])[] Orders(IEnumerable<KeyValuePair<string, string[]>> orders) =>
            [.. orders.Select(p => Up(p.Key, p.Value)).Where(o => !questionnaire.Kernel.IsNeutral(o.Item1))];
        _fineTuningSide = Orders(QuizContract.FineTuningSide);
        _ragSide = Orders(QuizContract.RagSide);
        // Principle 13 moves each set-aside answer one step toward retrieval; documents run none -> organized.
        _setAsideWithFacts = Orders([.. QuizContract.RagSide, new("documents", ["none", "scattered", "organized"])]);
    }

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
        var promptingOpen = choices[_prompting] != _exhausted;

        if (knowledgeGap && outcome != Outcome.Rag)
        {
            return "principle 1 (a knowledge gap gives rag) gives " + outcome.Id();
        }

        if (behaviourGap && !knowledgeNeed && outcome != Outcome.FineTuning)
        {
            return "principle 2 (a behaviour gap without a knowledge need gives fine-tuning) gives " + outcome.Id();
        }

        if ((gap == _bothGap || (behaviourGap && knowledgeNeed)) && outcome != Outcome.Both)
        {
            return "principle 3 (knowledge and behaviour needs give both) gives " + outcome.Id();
        }

        // Principle 4, in the contract's words: every set here is complete, so the timing is now or not yet.
        var ready = true;
        foreach (var (question, readyOptions, _) in _readiness)
        {
            ready &= readyOptions[choices[question]];
        }

        var timing = outcome == Outcome.Rag || ready ? Timing.Now : Timing.NotYet;
        if (verdict.Timing != timing)
        {
            return $"principle 4 (readiness decides the timing) gives {verdict.Timing.Id()} instead of {timing.Id()} for {outcome.Id()}";
        }

        if (gap == _unsure && (outcome != Outcome.Rag || plan[0] != PlanStep.Diagnose))
        {
            return $"principle 5 (unsure gives rag, starting with diagnose) gives {outcome.Id()} starting with {plan[0].Id()}";
        }

        if (changing && !factsAll && outcome == Outcome.FineTuning)
        {
            return "principle 6 (changing knowledge) gives fine-tuning alone";
        }

        if (outcome.UsesFineTuning() && Moved(questionnaire, choices, tally, scratch, _fineTuningSide, outcome, keepFineTuning: true) is { } ft)
        {
            return $"principle 7 (a stronger fine-tuning answer lost fine-tuning) moving {ft} up";
        }

        if (outcome.UsesRag() && Moved(questionnaire, choices, tally, scratch, _ragSide, outcome, keepFineTuning: false) is { } rag)
        {
            return $"principle 7 (a stronger RAG answer lost RAG) moving {rag} up";
        }

        if (behaviourGap && promptingOpen && plan[0] != PlanStep.Prompting)
        {
            return $"principle 11 (prompting first) starts with {plan[0].Id()}";
        }

        if (gap == _bothGap && plan[0] is not (PlanStep.Prompting or PlanStep.Retrieval))
        {
            return $"principle 11 (gap both starts with prompting or retrieval) starts with {plan[0].Id()}";
        }

        if (CheckPlanOrder(choices, outcome, ready, plan) is { } order)
        {
            return "principle 12 (plan order): " + order;
        }

        if (factsAll && !knowledgeGap && gap != _bothGap
            && Moved(questionnaire, choices, tally, scratch, _setAsideWithFacts, outcome, keepFineTuning: null) is { } moved)
        {
            return $"principle 13 (facts in the input) {moved} moved the outcome";
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? CheckPlanOrder(ReadOnlySpan<sbyte> choices, Outcome outcome, bool ready, ReadOnlySpan<PlanStep> plan)
    {
        if (outcome == Outcome.Rag)
        {
            return plan[0] is PlanStep.Retrieval or PlanStep.Diagnose ? null : $"rag starts with {plan[0].Id()}";
        }

        if (plan.IndexOf(PlanStep.FineTune) != plan.Length - 1)
        {
            return "fine-tune is not the last step";
        }

        var firstReadinessStep = int.MaxValue;
        foreach (var (question, readyOptions, step) in _readiness)
        {
            if (!readyOptions[choices[question]])
            {
                var at = plan.IndexOf(step);
                if (at < 0)
                {
                    return $"{step.Id()} is missing";
                }

                firstReadinessStep = Math.Min(firstReadinessStep, at);
            }
        }

        if (outcome == Outcome.Both && !ready)
        {
            var retrieval = plan.IndexOf(PlanStep.Retrieval);
            if (retrieval < 0 || retrieval > firstReadinessStep)
            {
                return "retrieval does not come before the readiness steps";
            }
        }

        return null;
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
