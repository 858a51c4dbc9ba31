using System.Runtime.CompilerServices;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// A questionnaire's readiness lines compiled for the timing and the plan: which question each line reads,
/// its scope, and per answer slot whether it counts as ready. Slots are numbered as in
/// <see cref="QuestionnaireKernel"/> (a question's first option, then its others), so the timing costs a
/// lookup per line and no allocation.
/// </summary>
internal sealed class ReadinessTable
{
    private readonly int[] _optionBase;
    private readonly bool[] _ready;
    private readonly int[] _questions;
    private readonly ReadinessScope[] _scopes;
    private readonly int _promptingRule;
    private readonly ContractPositions _contract;

    /// <param name="optionBase">Per question, the slot of its first option.</param>
    /// <param name="optionCount">How many slots there are: every option of every question.</param>
    public ReadinessTable(QuestionnaireDefinition definition, IReadOnlyDictionary<string, Question> byId, int[] optionBase, int optionCount, ContractPositions contract)
    {
        _optionBase = optionBase;
        _contract = contract;
        _ready = new bool[optionCount];
        _questions = [.. definition.Readiness.Select(r => byId[r.QuestionId].Index)];
        _scopes = [.. definition.Readiness.Select(r => r.Scope)];
        foreach (var rule in definition.Readiness)
        {
            var question = byId[rule.QuestionId];
            foreach (var option in question.Options.Where(o => rule.Ready.Contains(o.Id)))
            {
                _ready[optionBase[question.Index] + option.Index] = true;
            }
        }

        // Indexed by the step's number, which is not its place in the contract's list (gather-sources came later).
        RulesByStep = [.. Enumerable.Range(0, PlanSteps.All.Max(s => (int)s) + 1).Select(step => definition.Readiness.ToList().FindIndex(r => (int)r.Step == step))];
        _promptingRule = definition.Readiness.ToList().FindIndex(r => r.QuestionId == QuizContract.Prompting);
    }

    /// <summary>For each plan step, the readiness rule that calls for it, or -1 (the first such rule; the loader refuses two on one question).</summary>
    public int[] RulesByStep { get; }

    /// <summary>Whether a readiness line reads question <paramref name="q"/>.</summary>
    public bool Reads(int q) => Array.IndexOf(_questions, q) >= 0;

    /// <summary>Whether readiness rule <paramref name="rule"/> counts for this outcome and these answers (the prompting line may be waived).</summary>
    public bool RuleApplies(int rule, Outcome outcome, ReadOnlySpan<sbyte> answers, ulong setAside) =>
        _scopes[rule] == ReadinessScope.Training
            ? outcome.UsesFineTuning() && !(rule == _promptingRule && _contract.PromptingWaived(answers))
            : outcome.UsesRag() && (setAside & (1UL << _questions[rule])) == 0;

    /// <summary>
    /// <see cref="QuizPrinciples.Readiness"/> and <see cref="QuizPrinciples.RetrievalReadiness"/>: not yet when a
    /// line that counts for the outcome is answered as not ready; confirm first when a training line is open;
    /// otherwise now. Training lines count for fine-tuning and both (prompting unless the exception lifts it),
    /// retrieval lines for RAG and both unless set aside; an unanswered retrieval line changes nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Timing TimingOf(ReadOnlySpan<sbyte> answers, Outcome outcome, ulong setAside)
    {
        var open = false;
        var training = outcome != Outcome.Rag;
        var retrieval = outcome != Outcome.FineTuning;
        var waived = training && _contract.PromptingWaived(answers);
        for (var rule = 0; rule < _questions.Length; rule++)
        {
            var q = _questions[rule];
            var option = answers[q];
            if (_scopes[rule] == ReadinessScope.Training)
            {
                if (!training || (waived && rule == _promptingRule))
                {
                    continue;
                }

                if (option < 0)
                {
                    open = true;
                    continue;
                }
            }
            else if (!retrieval || option < 0 || (setAside & (1UL << q)) != 0)
            {
                continue;
            }

            if (!_ready[_optionBase[q] + option])
            {
                return Timing.NotYet;
            }
        }

        return open ? Timing.ConfirmFirst : Timing.Now;
    }

    /// <summary>Whether readiness rule <paramref name="rule"/> is met by these answers (false when unanswered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsReady(int rule, ReadOnlySpan<sbyte> answers)
    {
        var q = _questions[rule];
        return answers[q] >= 0 && _ready[_optionBase[q] + answers[q]];
    }
}
