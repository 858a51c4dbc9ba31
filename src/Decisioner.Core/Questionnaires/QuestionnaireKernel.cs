using System.Runtime.CompilerServices;

namespace Decisioner.Core.Questionnaires;

/// <summary>
/// A questionnaire's weights, gates, set-aside and readiness rules compiled into flat tables indexed by
/// question and option, and the scoring passes over them: the bare verdict of an answer set costs a few
/// additions and no allocation. Answers are option indexes, -1 for unanswered. Changes here are about
/// speed only; what the rules mean is in the model (<see cref="QuestionnaireDefinition"/>).
/// </summary>
internal sealed class QuestionnaireKernel
{
    private readonly OutcomeScores _start;
    private readonly int[] _optionBase;
    private readonly int[] _weights;
    private readonly byte[] _forbid;
    private readonly bool[] _ready;
    private readonly int[] _readinessQuestions;
    private readonly ReadinessScope[] _readinessScopes;
    private readonly int _promptingRule;
    private readonly (int Question, int Option)[] _promptingException;
    private readonly bool[] _knowledgeGap;
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
        _ready = new bool[optionCount];
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

        _readinessQuestions = [.. definition.Readiness.Select(r => byId[r.QuestionId].Index)];
        _readinessScopes = [.. definition.Readiness.Select(r => r.Scope)];
        foreach (var rule in definition.Readiness)
        {
            var question = byId[rule.QuestionId];
            foreach (var option in question.Options.Where(o => rule.Ready.Contains(o.Id)))
            {
                _ready[Slot(question, option)] = true;
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

        // Indexed by the step's number, which is not its place in the contract's list (gather-sources came later).
        RulesByStep = [.. Enumerable.Range(0, PlanSteps.All.Max(s => (int)s) + 1).Select(step => definition.Readiness.ToList().FindIndex(r => (int)r.Step == step))];

        int IndexOf(string questionId) => byId.TryGetValue(questionId, out var q) ? q.Index : -1;
        int OptionIndex(string questionId, string optionId) =>
            byId.TryGetValue(questionId, out var q) ? q.FindOption(optionId)?.Index ?? -1 : -1;
        GapIndex = IndexOf(QuizContract.Gap);
        UnsureGap = OptionIndex(QuizContract.Gap, QuizContract.UnsureGap);
        BehaviourGaps = [.. QuizContract.BehaviourGaps.Select(o => OptionIndex(QuizContract.Gap, o)).Where(i => i >= 0)];
        _knowledgeGap = new bool[GapIndex < 0 ? 0 : questions[GapIndex].Options.Count];
        foreach (var option in QuizContract.KnowledgeGaps.Select(o => OptionIndex(QuizContract.Gap, o)).Where(i => i >= 0))
        {
            _knowledgeGap[option] = true;
        }
        PromptingIndex = IndexOf(QuizContract.Prompting);
        PromptingExhausted = OptionIndex(QuizContract.Prompting, QuizContract.PromptingExhausted);
        FactsIndex = IndexOf(QuizContract.FactsInInput);
        AllFactsInInput = OptionIndex(QuizContract.FactsInInput, QuizContract.AllFactsInInput);
        EvaluationIndex = IndexOf(QuizContract.Evaluation);
        NoEvaluation = OptionIndex(QuizContract.Evaluation, QuizContract.NoEvaluation);
        DocumentsIndex = IndexOf(QuizContract.Documents);
        DocumentsToGather = new bool[DocumentsIndex < 0 ? 0 : questions[DocumentsIndex].Options.Count];
        foreach (var option in QuizContract.DocumentsToGather.Select(o => OptionIndex(QuizContract.Documents, o)).Where(i => i >= 0))
        {
            DocumentsToGather[option] = true;
        }

        // The exception applies only where prompting is a readiness line and every answer it names exists.
        _promptingRule = definition.Readiness.ToList().FindIndex(r => r.QuestionId == QuizContract.Prompting);
        var exception = QuizContract.PromptingException.Select(p => (IndexOf(p.Question), OptionIndex(p.Question, p.Option))).ToArray();
        _promptingException = _promptingRule >= 0 && exception.All(p => p.Item2 >= 0) ? exception : [];
    }

    // What the plan and the timing read; -1 when this questionnaire has no such question or answer.
    public int GapIndex { get; }
    public int UnsureGap { get; }
    public int[] BehaviourGaps { get; }
    public int PromptingIndex { get; }
    public int PromptingExhausted { get; }
    public int FactsIndex { get; }
    public int AllFactsInInput { get; }
    public int EvaluationIndex { get; }
    public int NoEvaluation { get; }
    public int DocumentsIndex { get; }

    /// <summary>Per documents option: whether it puts <c>gather-sources</c> in the plan (<see cref="QuizPrinciples.RetrievalReadiness"/>).</summary>
    public bool[] DocumentsToGather { get; }

    /// <summary>The exception of <see cref="QuizPrinciples.Readiness"/>: a hard limit, many examples and automated evaluation lift the prompting line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PromptingWaived(ReadOnlySpan<sbyte> answers)
    {
        if (_promptingException.Length == 0)
        {
            return false;
        }

        foreach (var (q, option) in _promptingException)
        {
            if (answers[q] != option)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="QuizPrinciples.ContradictionsDiagnosed"/>: a knowledge gap while every fact arrives with the request.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool FactsContradictGap(ReadOnlySpan<sbyte> answers) =>
        GapIndex >= 0 && FactsIndex >= 0 && answers[FactsIndex] >= 0 && answers[FactsIndex] == AllFactsInInput
        && answers[GapIndex] >= 0 && _knowledgeGap[answers[GapIndex]];

    /// <summary>Whether the documents answer puts <c>gather-sources</c> in the plan: scattered or none, and not set aside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool GatherSources(ReadOnlySpan<sbyte> answers, ulong setAside) =>
        DocumentsIndex >= 0 && answers[DocumentsIndex] >= 0 && (setAside & (1UL << DocumentsIndex)) == 0 && DocumentsToGather[answers[DocumentsIndex]];

    /// <summary>Whether readiness rule <paramref name="rule"/> counts for this outcome and these answers (the prompting line may be waived).</summary>
    public bool RuleApplies(int rule, Outcome outcome, ReadOnlySpan<sbyte> answers, ulong setAside) =>
        _readinessScopes[rule] == ReadinessScope.Training
            ? outcome.UsesFineTuning() && !(rule == _promptingRule && PromptingWaived(answers))
            : outcome.UsesRag() && (setAside & (1UL << _readinessQuestions[rule])) == 0;

    /// <summary>For each plan step, the readiness rule that calls for it, or -1 (the first such rule; the loader refuses two on one question).</summary>
    public int[] RulesByStep { get; }

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
        var waived = training && PromptingWaived(answers);
        for (var rule = 0; rule < _readinessQuestions.Length; rule++)
        {
            var q = _readinessQuestions[rule];
            var option = answers[q];
            if (_readinessScopes[rule] == ReadinessScope.Training)
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
    public bool IsInert(int q) =>
        IsNeutral(q) && Array.IndexOf(_readinessQuestions, q) < 0 && !_promptingException.Any(p => p.Question == q)
        && q != GapIndex && q != PromptingIndex && q != FactsIndex && q != EvaluationIndex && q != DocumentsIndex;

    /// <summary>Whether readiness rule <paramref name="rule"/> is met by these answers (false when unanswered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsReady(int rule, ReadOnlySpan<sbyte> answers)
    {
        var q = _readinessQuestions[rule];
        return answers[q] >= 0 && _ready[_optionBase[q] + answers[q]];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte ForbiddenMask(int forbidFineTuning, int forbidBoth) =>
        (byte)((forbidFineTuning > 0 ? 1 << (int)Outcome.FineTuning : 0) | (forbidBoth > 0 ? 1 << (int)Outcome.Both : 0));

    private int Slot(Question question, QuestionOption option) => _optionBase[question.Index] + option.Index;
}
