using System.Runtime.CompilerServices;
namespace Decisioner.Core.Questionnaires;

/// <summary>An answer option of a question.</summary>
public sealed record QuestionOption
{
    public required string Id { get; init; }
    public required int Index { get; init; }
    public required string Text { get; init; }

    /// <summary>Why this answer moves the scores the way it does; shown beside its contribution.</summary>
    public string Why { get; init; } = "";

    public OutcomeScores Weights { get; init; }

    /// <summary>The course this answer points to (the <c>goal</c> question), if any.</summary>
    public string? Course { get; init; }
}

/// <summary>One question of a questionnaire.</summary>
public sealed record Question
{
    public required string Id { get; init; }
    public required int Index { get; init; }

    /// <summary>A short name for lists and "what would change this" sentences.</summary>
    public required string Label { get; init; }

    public required string Text { get; init; }

    /// <summary>The help text as written (inline markdown).</summary>
    public string Help { get; init; } = "";

    /// <summary>The help text rendered to safe HTML.</summary>
    public string HelpHtml { get; init; } = "";

    /// <summary>The site paths the help text links to (glossary entries, guide sections), checked like learn-more.</summary>
    public IReadOnlyList<string> HelpLinks { get; init; } = [];

    /// <summary>A site path into the guide section that explains this question.</summary>
    public string? LearnMore { get; init; }

    public required IReadOnlyList<QuestionOption> Options { get; init; }

    /// <summary>The line of the questionnaire file where the question starts, for diagnostics.</summary>
    public int Line { get; init; } = 1;

    public QuestionOption? FindOption(string? id) => Options.FirstOrDefault(o => o.Id == id);
}

/// <summary>What the site says about one outcome.</summary>
public sealed record OutcomeInfo(string Title, string Sentence, string? Course);

/// <summary>What the site says about one timing: a short label for headlines ("not yet") and a sentence.</summary>
public sealed record TimingInfo(string Label, string Text);

/// <summary>What the site says about one plan step: a phrase for headlines, the instruction, why it matters, and the guide section behind it.</summary>
public sealed record PlanStepInfo(string Headline, string Text, string Why, string? LearnMore, int Line = 1);

/// <summary>Answers that make something apply: any one of them is enough.</summary>
public sealed record Condition(IReadOnlyDictionary<string, IReadOnlyList<string>> AnyOf)
{
    /// <summary>The questions whose answers made the condition true; answers set aside do not count.</summary>
    public IEnumerable<Question> MatchedBy(Questionnaire questionnaire, AnswerSet answers, ulong setAside = 0) =>
        AnyOf.Select(pair => questionnaire.FindQuestion(pair.Key)!)
            .Where(q => (setAside & (1UL << q.Index)) == 0 && answers.Get(q) is { } option && AnyOf[q.Id].Contains(option.Id));

    public bool Matches(Questionnaire questionnaire, AnswerSet answers, ulong setAside = 0) => MatchedBy(questionnaire, answers, setAside).Any();
}

/// <summary>A rule that takes outcomes off the table whatever the scores say (e.g. a knowledge gap rules out fine-tuning).</summary>
public sealed record Gate
{
    public required string Id { get; init; }
    public required Condition When { get; init; }
    public required IReadOnlyList<Outcome> Forbid { get; init; }
    public required string Reason { get; init; }
    public Condition? FlagWhen { get; init; }
    public string? FlagText { get; init; }

    internal byte ForbidMask => (byte)Forbid.Aggregate(0, (mask, o) => mask | (1 << (int)o));
}

/// <summary>
/// A rule that sets answers aside: while it applies, the named questions move no score and trigger no
/// gate (e.g. with every fact in the input, how often knowledge changes does not call for retrieval).
/// It applies when every question in <see cref="When"/> has one of the listed answers. Rules apply in
/// file order, and an answer set aside by an earlier rule does not trigger a later one.
/// </summary>
public sealed record SetAside
{
    public required string Id { get; init; }
    public required Condition When { get; init; }
    public required IReadOnlyList<string> Ignore { get; init; }
    public required string Reason { get; init; }
}

/// <summary>One line of the fine-tuning readiness checklist, and the plan step it calls for when not ready.</summary>
public sealed record ReadinessRule(string QuestionId, IReadOnlyList<string> Ready, string Missing, PlanStep Step);

/// <summary>Everything a questionnaire file says, as read; <see cref="Questionnaire"/> compiles it.</summary>
public sealed record QuestionnaireDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string IntroHtml { get; init; } = "";
    public required OutcomeScores Start { get; init; }
    public (int Clear, int Leaning) Thresholds { get; init; } = (10, 5);
    public required IReadOnlyDictionary<Outcome, OutcomeInfo> Outcomes { get; init; }
    public IReadOnlyDictionary<Timing, TimingInfo> Timings { get; init; } = new Dictionary<Timing, TimingInfo>();
    public IReadOnlyDictionary<PlanStep, PlanStepInfo> Plan { get; init; } = new Dictionary<PlanStep, PlanStepInfo>();
    public required IReadOnlyList<Question> Questions { get; init; }
    public IReadOnlyList<Gate> Gates { get; init; } = [];
    public IReadOnlyList<SetAside> SetAsides { get; init; } = [];
    public IReadOnlyList<ReadinessRule> Readiness { get; init; } = [];
    public string SourcePath { get; init; } = "";
}

/// <summary>
/// A questionnaire loaded from content: its wording, weights and rules, plus flat tables compiled
/// from them so that the bare verdict of an answer set costs a few additions and no allocation.
/// </summary>
public sealed class Questionnaire
{
    /// <summary>Set-aside masks are one bit per question, and one bit per set-aside rule.</summary>
    public const int MaxQuestions = 64;

    public const int MaxSetAsideRules = 64;

    private readonly Dictionary<string, Question> _byId;
    private readonly int[] _optionBase;
    private readonly int[] _weights;
    private readonly byte[] _forbid;
    private readonly bool[] _ready;
    private readonly int[] _readinessQuestions;
    private readonly (int[] Questions, bool[] Slots, ulong Mask)[] _setAsides;
    private readonly bool[] _setAsideTriggers;

    public Questionnaire(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var questions = definition.Questions;
        if (questions.Count > MaxQuestions || definition.SetAsides.Count > MaxSetAsideRules)
        {
            throw new ArgumentException($"at most {MaxQuestions} questions and {MaxSetAsideRules} set-aside rules", nameof(definition));
        }

        Definition = definition;
        _byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);

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

        _readinessQuestions = [.. definition.Readiness.Select(r => _byId[r.QuestionId].Index)];
        foreach (var rule in definition.Readiness)
        {
            var question = _byId[rule.QuestionId];
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
                var question = _byId[questionId];
                foreach (var option in question.Options.Where(o => options.Contains(o.Id)))
                {
                    slots[Slot(question, option)] = true;
                }
            }

            var mask = rule.Ignore.Aggregate(0UL, (m, id) => m | (1UL << _byId[id].Index));
            return (rule.When.AnyOf.Keys.Select(id => _byId[id].Index).ToArray(), slots, mask);
        })];

        _setAsideTriggers = new bool[questions.Count];
        foreach (var (triggers, _, _) in _setAsides)
        {
            foreach (var q in triggers)
            {
                _setAsideTriggers[q] = true;
            }
        }

        RulesByStep = [.. PlanSteps.All.Select(step => definition.Readiness.ToList().FindIndex(r => r.Step == step))];

        GapIndex = IndexOf(QuizContract.Gap);
        UnsureGap = OptionIndex(QuizContract.Gap, QuizContract.UnsureGap);
        BehaviourGaps = [.. QuizContract.BehaviourGaps.Select(o => OptionIndex(QuizContract.Gap, o)).Where(i => i >= 0)];
        PromptingIndex = IndexOf(QuizContract.Prompting);
        PromptingExhausted = OptionIndex(QuizContract.Prompting, QuizContract.PromptingExhausted);
    }

    public QuestionnaireDefinition Definition { get; }
    public string Id => Definition.Id;
    public string Title => Definition.Title;
    public string IntroHtml => Definition.IntroHtml;

    /// <summary>Where every outcome's score starts before the answers move it.</summary>
    public OutcomeScores Start => Definition.Start;

    /// <summary>The winner's lead, in points, from which a call is "clear" or "leaning".</summary>
    public (int Clear, int Leaning) Thresholds => Definition.Thresholds;

    public IReadOnlyDictionary<Outcome, OutcomeInfo> OutcomeTexts => Definition.Outcomes;
    public IReadOnlyList<Question> Questions => Definition.Questions;
    public IReadOnlyList<Gate> Gates => Definition.Gates;
    public IReadOnlyList<SetAside> SetAsides => Definition.SetAsides;
    public IReadOnlyList<ReadinessRule> Readiness => Definition.Readiness;
    public string SourcePath => Definition.SourcePath;

    // What the plan reads (principles 5 and 11); -1 when this questionnaire has no such question or answer.
    internal int GapIndex { get; }
    internal int UnsureGap { get; }
    internal int[] BehaviourGaps { get; }
    internal int PromptingIndex { get; }
    internal int PromptingExhausted { get; }

    /// <summary>For each plan step, the readiness rule that calls for it, or -1 (the first such rule; the loader refuses two on one question).</summary>
    internal int[] RulesByStep { get; }

    /// <summary>The outcome's name as the questionnaire writes it ("RAG and fine-tuning"), or its id.</summary>
    public string OutcomeTitle(Outcome outcome) =>
        OutcomeTexts.TryGetValue(outcome, out var info) ? info.Title : outcome.Id();

    /// <summary>The step's texts as the editors wrote them, or the step id when the file has none.</summary>
    public PlanStepInfo StepInfo(PlanStep step) =>
        Definition.Plan.TryGetValue(step, out var info) ? info : new PlanStepInfo(step.Id(), step.Id(), "", null);

    public TimingInfo TimingInfo(Timing timing) =>
        Definition.Timings.TryGetValue(timing, out var info) ? info : new TimingInfo(timing == Timing.Now ? "" : timing.Id(), "");

    public Question? FindQuestion(string? id) => id is not null && _byId.TryGetValue(id, out var q) ? q : null;

    /// <summary>
    /// The questions the set-aside rules put aside for these answers, one bit per question index, and in
    /// <paramref name="applied"/> the rules that did it, one bit per rule in file order. The explanation
    /// reads the same bits, so what is scored and what is said can never disagree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ulong SetAsideMask(ReadOnlySpan<sbyte> answers, out ulong applied)
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
    /// gates rule out. <see cref="Count"/> does the same and keeps per-rule counts besides, for changing
    /// one answer later; deciding through it instead was measured at 43 ns against 33 ns a set
    /// (ScoringBenchmarks), so the bare outcome keeps this leaner pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal OutcomeScores Totals(ReadOnlySpan<sbyte> answers, out byte forbidden)
    {
        var ignored = _setAsides.Length == 0 ? 0 : SetAsideMask(answers, out _);
        int rag = Start.Rag, fineTuning = Start.FineTuning, both = Start.Both;
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

    /// <summary>Principle 4: now when every readiness answer is ready, not yet when one is not, confirm first when some are open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Timing TimingOf(ReadOnlySpan<sbyte> answers)
    {
        var open = false;
        foreach (var q in _readinessQuestions)
        {
            var option = answers[q];
            if (option < 0)
            {
                open = true;
            }
            else if (!_ready[_optionBase[q] + option])
            {
                return Timing.NotYet;
            }
        }

        return open ? Timing.ConfirmFirst : Timing.Now;
    }

    /// <summary>
    /// The totals of an answer set kept apart per rule, so that the outcome with one answer changed costs a
    /// few additions instead of a new pass over every answer (the whole-space check asks millions of times).
    /// </summary>
    /// <param name="SetAside">The questions set aside, one bit per question; <paramref name="SetAsideRules"/> the rules that set them aside, one bit per rule.</param>
    internal readonly record struct Tally(OutcomeScores Scores, int ForbidFineTuning, int ForbidBoth, ulong SetAside, ulong SetAsideRules);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Tally Count(ReadOnlySpan<sbyte> answers)
    {
        ulong rules = 0;
        var ignored = _setAsides.Length == 0 ? 0 : SetAsideMask(answers, out rules);
        int rag = Start.Rag, fineTuning = Start.FineTuning, both = Start.Both, forbidFineTuning = 0, forbidBoth = 0;
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

    internal static byte Forbidden(in Tally tally) =>
        (byte)((tally.ForbidFineTuning > 0 ? 1 << (int)Outcome.FineTuning : 0) | (tally.ForbidBoth > 0 ? 1 << (int)Outcome.Both : 0));

    /// <summary>True when a set-aside rule reads question <paramref name="q"/>: changing it may change what is set aside.</summary>
    internal bool IsSetAsideTrigger(int q) => _setAsideTriggers[q];

    /// <summary>
    /// The scores and ruled-out outcomes with question <paramref name="q"/> answered <paramref name="to"/>
    /// instead of <paramref name="from"/> (both answered). Only for a question no set-aside rule reads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal OutcomeScores Change(in Tally tally, int q, sbyte from, sbyte to, out byte forbidden)
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

        forbidden = (byte)((forbidFineTuning > 0 ? 1 << (int)Outcome.FineTuning : 0) | (forbidBoth > 0 ? 1 << (int)Outcome.Both : 0));
        return scores;
    }

    /// <summary>
    /// True when no answer to question <paramref name="q"/> can change the outcome: every option adds the
    /// same weights and rules out the same outcomes, and no set-aside rule reads it. Read off the compiled
    /// tables, so the whole-space check can skip what cannot matter without assuming anything about content.
    /// </summary>
    internal bool IsNeutral(int q)
    {
        if (IsSetAsideTrigger(q))
        {
            return false;
        }

        var first = _optionBase[q];
        for (var option = 1; option < Questions[q].Options.Count; option++)
        {
            var slot = first + option;
            if (_forbid[slot] != _forbid[first]
                || _weights[slot * 3] != _weights[first * 3] || _weights[(slot * 3) + 1] != _weights[(first * 3) + 1] || _weights[(slot * 3) + 2] != _weights[(first * 3) + 2])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether readiness rule <paramref name="rule"/> is met by these answers (false when unanswered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool IsReady(int rule, ReadOnlySpan<sbyte> answers)
    {
        var q = _readinessQuestions[rule];
        return answers[q] >= 0 && _ready[_optionBase[q] + answers[q]];
    }

    private int Slot(Question question, QuestionOption option) => _optionBase[question.Index] + option.Index;

    private int IndexOf(string questionId) => FindQuestion(questionId)?.Index ?? -1;

    private int OptionIndex(string questionId, string optionId) => FindQuestion(questionId)?.FindOption(optionId)?.Index ?? -1;
}
