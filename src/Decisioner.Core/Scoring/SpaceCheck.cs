using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>What scoring every complete answer set showed: how often each outcome and timing came out, and what broke a principle.</summary>
public sealed record SpaceReport(long Total, long[] Outcomes, long[] Timings, IReadOnlyList<string> Violations, long ViolationCount)
{
    public long Count(Outcome outcome) => Outcomes[(int)outcome];

    public long Count(Timing timing) => Timings[(int)timing];

    public double Share(Outcome outcome) => Total == 0 ? 0 : Count(outcome) / (double)Total;

    public double Share(Timing timing) => Total == 0 ? 0 : Count(timing) / (double)Total;
}

/// <summary>
/// Checks the contract's principles that can be stated over complete answer sets (1-7, 11, 12, 13) over
/// every complete answer set of the <c>rag-vs-fine-tuning</c> questionnaire, and counts the outcomes and
/// timings. The definitions here come from the contract's own words, not from the questionnaire's
/// weights, gates or readiness lines: that is what lets them catch an editor's mistake.
/// </summary>
public static class SpaceCheck
{
    private const int MaxListed = 10;

    public static SpaceReport Run(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var outcomes = new long[3];
        var timings = new long[3];
        var violations = new List<string>();
        long violationCount = 0;
        var contract = questionnaire.Id == QuizContract.QuestionnaireId ? new ContractIndexes(questionnaire) : null;
        var scratch = new sbyte[questionnaire.Questions.Count];
        var plan = new PlanStep[ScoringEngine.MaxPlanLength];

        void Report(ReadOnlySpan<sbyte> choices, string principle)
        {
            violationCount++;
            if (violations.Count < MaxListed)
            {
                violations.Add($"{principle}: {AnswerSet.FromChoices(questionnaire, choices)}");
            }
        }

        AnswerSpace.ForEachComplete(questionnaire, choices =>
        {
            var verdict = ScoringEngine.Judge(questionnaire, choices);
            outcomes[(int)verdict.Outcome]++;
            timings[(int)verdict.Timing]++;
            if (contract is null)
            {
                return;
            }

            var steps = plan.AsSpan(0, ScoringEngine.Plan(questionnaire, choices, verdict, plan));
            if (contract.Check(questionnaire, choices, verdict, steps, scratch) is { } broken)
            {
                Report(choices, broken);
            }
        });

        return new SpaceReport(outcomes.Sum(), outcomes, timings, violations, violationCount);
    }

    /// <summary>The contract's answers as option indexes of this questionnaire, looked up once.</summary>
    private sealed class ContractIndexes
    {
        private readonly int _gap, _facts, _changeRate, _longTail, _sources, _prompting;
        private readonly sbyte _unsure, _bothGap, _factsAll, _daily, _monthly, _mostly, _required, _exhausted;
        private readonly sbyte[] _knowledgeGaps, _behaviourGaps;
        private readonly (int Question, sbyte[] Ready, PlanStep Step)[] _readiness;
        private readonly (int Question, sbyte[] Order)[] _fineTuningSide, _ragSide, _setAsideWithFacts;

        public ContractIndexes(Questionnaire questionnaire)
        {
            int Q(string id) => questionnaire.FindQuestion(id)?.Index ?? throw new InvalidOperationException($"contract question '{id}' is missing");
            sbyte O(string q, string o) => (sbyte)(questionnaire.FindQuestion(q)?.FindOption(o)?.Index ?? -2);
            (int, sbyte[]) Order(string q, string[] order) => (Q(q), [.. order.Select(o => O(q, o))]);

            _gap = Q("gap");
            _facts = Q("facts-in-input");
            _changeRate = Q("change-rate");
            _longTail = Q("long-tail");
            _sources = Q("sources");
            _prompting = Q("prompting");
            _unsure = O("gap", "unsure");
            _bothGap = O("gap", "both");
            _factsAll = O("facts-in-input", "all");
            _daily = O("change-rate", "daily");
            _monthly = O("change-rate", "monthly");
            _mostly = O("long-tail", "mostly");
            _required = O("sources", "required");
            _exhausted = O("prompting", "exhausted");
            _knowledgeGaps = [.. QuizContract.KnowledgeGaps.Select(o => O("gap", o))];
            _behaviourGaps = [.. QuizContract.BehaviourGaps.Select(o => O("gap", o))];
            _readiness = [.. QuizContract.Readiness.Select(r => (Q(r.Question), r.Ready.Select(o => O(r.Question, o)).ToArray(), r.Step))];
            _fineTuningSide = [.. QuizContract.FineTuningSide.Select(p => Order(p.Key, p.Value))];
            _ragSide = [.. QuizContract.RagSide.Select(p => Order(p.Key, p.Value))];
            // Principle 13 moves each set-aside answer one step toward retrieval; documents run none -> organized.
            _setAsideWithFacts = [.. _ragSide, Order("documents", ["none", "scattered", "organized"])];
        }

        /// <summary>The first principle this complete answer set breaks, or null.</summary>
        public string? Check(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, Verdict verdict, ReadOnlySpan<PlanStep> plan, sbyte[] scratch)
        {
            var outcome = verdict.Outcome;
            var gap = choices[_gap];
            var factsAll = choices[_facts] == _factsAll;
            var knowledgeGap = Array.IndexOf(_knowledgeGaps, gap) >= 0;
            var behaviourGap = Array.IndexOf(_behaviourGaps, gap) >= 0;
            var changing = choices[_changeRate] == _daily || choices[_changeRate] == _monthly;
            var knowledgeNeed = !factsAll && (changing || choices[_longTail] == _mostly || choices[_sources] == _required);
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
                ready &= Array.IndexOf(readyOptions, choices[question]) >= 0;
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

            if (outcome.UsesFineTuning() && Weakens(questionnaire, choices, scratch, _fineTuningSide, o => o.UsesFineTuning()) is { } ft)
            {
                return $"principle 7 (a stronger fine-tuning answer lost fine-tuning) moving {ft} up";
            }

            if (outcome.UsesRag() && Weakens(questionnaire, choices, scratch, _ragSide, o => o.UsesRag()) is { } rag)
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
                && Changes(questionnaire, choices, scratch, _setAsideWithFacts, outcome) is { } moved)
            {
                return $"principle 13 (facts in the input) {moved} moved the outcome";
            }

            return null;
        }

        private string? CheckPlanOrder(ReadOnlySpan<sbyte> choices, Outcome outcome, bool ready, ReadOnlySpan<PlanStep> plan)
        {
            if (outcome == Outcome.Rag)
            {
                return plan[0] is PlanStep.Retrieval or PlanStep.Diagnose ? null : $"rag starts with {plan[0].Id()}";
            }

            var fineTune = plan.IndexOf(PlanStep.FineTune);
            if (fineTune != plan.Length - 1)
            {
                return "fine-tune is not the last step";
            }

            var firstReadinessStep = int.MaxValue;
            foreach (var (question, readyOptions, step) in _readiness)
            {
                if (Array.IndexOf(readyOptions, choices[question]) < 0)
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

        /// <summary>The question whose one step up along its order takes the outcome off its side, or null.</summary>
        private static string? Weakens(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, sbyte[] scratch, (int Question, sbyte[] Order)[] orders, Func<Outcome, bool> keeps)
        {
            foreach (var (question, order) in orders)
            {
                var at = Array.IndexOf(order, choices[question]);
                if (at < 0 || at == order.Length - 1)
                {
                    continue;
                }

                choices.CopyTo(scratch);
                scratch[question] = order[at + 1];
                if (!keeps(ScoringEngine.Decide(questionnaire, scratch)))
                {
                    return questionnaire.Questions[question].Id;
                }
            }

            return null;
        }

        /// <summary>The question whose one step toward retrieval changes the outcome, or null.</summary>
        private static string? Changes(Questionnaire questionnaire, ReadOnlySpan<sbyte> choices, sbyte[] scratch, (int Question, sbyte[] Order)[] orders, Outcome outcome)
        {
            foreach (var (question, order) in orders)
            {
                var at = Array.IndexOf(order, choices[question]);
                if (at < 0 || at == order.Length - 1)
                {
                    continue;
                }

                choices.CopyTo(scratch);
                scratch[question] = order[at + 1];
                if (ScoringEngine.Decide(questionnaire, scratch) != outcome)
                {
                    return questionnaire.Questions[question].Id;
                }
            }

            return null;
        }
    }
}
