using System.Runtime.CompilerServices;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// A questionnaire's weights, gates and set-aside rules compiled into flat tables indexed by question and
/// option, and the scoring passes over them: the bare verdict of an answer set costs a few additions and no
/// allocation. Its readiness lines are compiled the same way (<see cref="Readiness"/>), and the contract's
/// questions located (<see cref="Contract"/>). Answers are option indexes, -1 for unanswered. Changes here
/// are about speed only; what the rules mean is in the model (<see cref="QuestionnaireDefinition"/>).
/// </summary>
internal sealed class QuestionnaireKernel
{
    private readonly OutcomeScores _start;
    private readonly int[] _optionBase;
    private readonly int[] _weights;
    private readonly byte[] _forbid;
    private readonly (int[] Questions, bool[] Slots, ulong Mask)[] _setAsides;
    private readonly bool[] _setAsideTriggers;

    public QuestionnaireKernel(QuestionnaireDefinition definition, IReadOnlyDictionary<string, Question> byId)
    {
        var questions = definition.Questions;
        _start = definition.Start;
        _optionBase = new int[questions.Count];
        var optionCount = 0;
        for (var q = 0; q < questions.Count; q++)
        {
            _optionBase[q] = optionCount;
            optionCount += questions[q].Options.Count;
        }

        _weights = new int[optionCount * 3];
        _forbid = new byte[optionCount];
        foreach (var question in questions)
        {
            foreach (var option in question.Options)
            {
                var slot = Slot(question, option);
                _weights[slot * 3] = option.Weights.Rag;
                _weights[(slot * 3) + 1] = option.Weights.FineTuning;
                _weights[(slot * 3) + 2] = option.Weights.Both;
                // Gates are "any of these answers", so each answer can carry the outcomes its gates rule out.
                foreach (var gate in definition.Gates)
                {
                    if (gate.When.AnyOf.TryGetValue(question.Id, out var options) && options.Contains(option.Id))
                    {
                        _forbid[slot] |= gate.ForbidMask;
                    }
                }
            }
        }

        _setAsides = [.. definition.SetAsides.Select(rule =>
        {
            var slots = new bool[optionCount];
            foreach (var (questionId, options) in rule.When.AnyOf)
            {
                var question = byId[questionId];
                foreach (var option in question.Options.Where(o => options.Contains(o.Id)))
                {
                    slots[Slot(question, option)] = true;
                }
            }

            var mask = rule.Ignore.Aggregate(0UL, (m, id) => m | (1UL << byId[id].Index));
            return (rule.When.AnyOf.Keys.Select(id => byId[id].Index).ToArray(), slots, mask);
        })];

        _setAsideTriggers = new bool[questions.Count];
        foreach (var (triggers, _, _) in _setAsides)
        {
            foreach (var q in triggers)
            {
                _setAsideTriggers[q] = true;
            }
        }

        Contract = new ContractPositions(definition, byId);
        Readiness = new ReadinessTable(definition, byId, _optionBase, optionCount, Contract);
    }

    /// <summary>Where the contract's questions and answers sit in this questionnaire, for the plan and the timing.</summary>
    public ContractPositions Contract { get; }

    /// <summary>The readiness lines, for the timing and the plan.</summary>
    public ReadinessTable Readiness { get; }

    /// <summary>
    /// The questions the set-aside rules put aside for these answers, one bit per question index, and in
    /// <paramref name="applied"/> the rules that did it, one bit per rule in file order. The explanation
    /// reads the same bits, so what is scored and what is said can never disagree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong SetAsideMask(ReadOnlySpan<sbyte> answers, out ulong applied)
    {
        ulong ignored = 0;
        applied = 0;
        for (var rule = 0; rule < _setAsides.Length; rule++)
        {
            var (questions, slots, mask) = _setAsides[rule];
            var applies = true;
            foreach (var q in questions)
            {
                var option = answers[q];
                if (option < 0 || (ignored & (1UL << q)) != 0 || !slots[_optionBase[q] + option])
                {
                    applies = false;
                    break;
                }
            }

            if (applies)
            {
                ignored |= mask;
                applied |= 1UL << rule;
            }
        }

        return ignored;
    }

    /// <summary>
    /// Adds the weights of the answers not set aside to the start scores and collects the outcomes their
    /// gates rule out. <see cref="TallyOf"/> does the same and keeps per-rule counts besides, for changing
    /// one answer later; that bookkeeping costs the bare outcome measurably (docs/performance.md,
    /// "Figures behind code choices"), so deciding keeps this leaner pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OutcomeScores Totals(ReadOnlySpan<sbyte> answers, out byte forbidden, out ulong ignored)
    {
        ignored = _setAsides.Length == 0 ? 0 : SetAsideMask(answers, out _);
        int rag = _start.Rag, fineTuning = _start.FineTuning, both = _start.Both;
        byte mask = 0;
        var weights = _weights;
        for (var q = 0; q < answers.Length; q++)
        {
            var option = answers[q];
            if (option < 0 || (ignored & (1UL << q)) != 0)
            {
                continue;
            }

            var slot = _optionBase[q] + option;
            var w = slot * 3;
            rag += weights[w];
            fineTuning += weights[w + 1];
            both += weights[w + 2];
            mask |= _forbid[slot];
        }

        forbidden = mask;
        return new OutcomeScores(rag, fineTuning, both);
    }

    /// <summary>The scores, the rules' counts and what was set aside, by which rules, in one pass over the answers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Tally TallyOf(ReadOnlySpan<sbyte> answers)
    {
        ulong rules = 0;
        var ignored = _setAsides.Length == 0 ? 0 : SetAsideMask(answers, out rules);
        int rag = _start.Rag, fineTuning = _start.FineTuning, both = _start.Both, forbidFineTuning = 0, forbidBoth = 0;
        for (var q = 0; q < answers.Length; q++)
        {
            var option = answers[q];
            if (option < 0 || (ignored & (1UL << q)) != 0)
            {
                continue;
            }

            var slot = _optionBase[q] + option;
            rag += _weights[slot * 3];
            fineTuning += _weights[(slot * 3) + 1];
            both += _weights[(slot * 3) + 2];
            forbidFineTuning += (_forbid[slot] >> (int)Outcome.FineTuning) & 1;
            forbidBoth += (_forbid[slot] >> (int)Outcome.Both) & 1;
        }

        return new Tally(new OutcomeScores(rag, fineTuning, both), forbidFineTuning, forbidBoth, ignored, rules);
    }

    /// <summary>True when a set-aside rule reads question <paramref name="q"/>: changing it may change what is set aside.</summary>
    public bool IsSetAsideTrigger(int q) => _setAsideTriggers[q];

    /// <summary>
    /// The scores and ruled-out outcomes with question <paramref name="q"/> answered <paramref name="to"/>
    /// instead of <paramref name="from"/> (both answered). Only for a question no set-aside rule reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OutcomeScores Change(in Tally tally, int q, sbyte from, sbyte to, out byte forbidden)
    {
        var forbidFineTuning = tally.ForbidFineTuning;
        var forbidBoth = tally.ForbidBoth;
        var scores = tally.Scores;
        if ((tally.SetAside & (1UL << q)) == 0)
        {
            int was = _optionBase[q] + from, now = _optionBase[q] + to;
            scores = new OutcomeScores(
                scores.Rag - _weights[was * 3] + _weights[now * 3],
                scores.FineTuning - _weights[(was * 3) + 1] + _weights[(now * 3) + 1],
                scores.Both - _weights[(was * 3) + 2] + _weights[(now * 3) + 2]);
            forbidFineTuning += ((_forbid[now] >> (int)Outcome.FineTuning) & 1) - ((_forbid[was] >> (int)Outcome.FineTuning) & 1);
            forbidBoth += ((_forbid[now] >> (int)Outcome.Both) & 1) - ((_forbid[was] >> (int)Outcome.Both) & 1);
        }

        forbidden = ForbiddenMask(forbidFineTuning, forbidBoth);
        return scores;
    }

    /// <summary>
    /// True when no answer to question <paramref name="q"/> can change the outcome: every option adds the
    /// same weights and rules out the same outcomes, and no set-aside rule reads it. Read off the compiled
    /// tables, so the whole-space check can skip what cannot matter without assuming anything about content.
    /// </summary>
    public bool IsNeutral(int q)
    {
        if (IsSetAsideTrigger(q))
        {
            return false;
        }

        var first = _optionBase[q];
        var end = q + 1 < _optionBase.Length ? _optionBase[q + 1] : _forbid.Length;
        for (var slot = first + 1; slot < end; slot++)
        {
            if (_forbid[slot] != _forbid[first]
                || _weights[slot * 3] != _weights[first * 3] || _weights[(slot * 3) + 1] != _weights[(first * 3) + 1] || _weights[(slot * 3) + 2] != _weights[(first * 3) + 2])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when nothing about a result can depend on question <paramref name="q"/>: it is neutral
    /// (<see cref="IsNeutral"/>), no readiness line reads it, and neither the plan nor the timing reads it.
    /// Read off the compiled tables, like <see cref="IsNeutral"/>.
    /// </summary>
    public bool IsInert(int q) => IsNeutral(q) && !Readiness.Reads(q) && !Contract.Reads(q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte ForbiddenMask(int forbidFineTuning, int forbidBoth) =>
        (byte)((forbidFineTuning > 0 ? 1 << (int)Outcome.FineTuning : 0) | (forbidBoth > 0 ? 1 << (int)Outcome.Both : 0));

    private int Slot(Question question, QuestionOption option) => _optionBase[question.Index] + option.Index;
}
