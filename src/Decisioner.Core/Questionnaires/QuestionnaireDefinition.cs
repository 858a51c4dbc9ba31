namespace Decisioner.Core.Questionnaires;

/// <summary>Everything a questionnaire file says, as read; <see cref="Questionnaire"/> compiles it.</summary>
public sealed record QuestionnaireDefinition
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string IntroHtml { get; init; } = "";
    public required OutcomeScores Start { get; init; }
    public (int Clear, int Leaning) Thresholds { get; init; } = (10, 5);
    public required IReadOnlyDictionary<Outcome, OutcomeInfo> Outcomes { get; init; }
    /// <summary>What the site says about each timing, for training (fine-tuning and both) and for building (RAG).</summary>
    public IReadOnlyDictionary<Timing, TimingInfo> Timings { get; init; } = new Dictionary<Timing, TimingInfo>();

    public IReadOnlyDictionary<Timing, TimingInfo> RetrievalTimings { get; init; } = new Dictionary<Timing, TimingInfo>();

    /// <summary>The words before a timing's status: "Training" (fine-tuning and both), "Start building" (RAG).</summary>
    public (string Training, string Retrieval) TimingNames { get; init; } = ("Training", "Start building");

    /// <summary>What the quiz does not ask about, shown at the result's foot.</summary>
    public NotAsked? NotAsked { get; init; }
    public IReadOnlyDictionary<PlanStep, PlanStepInfo> Plan { get; init; } = new Dictionary<PlanStep, PlanStepInfo>();
    public required IReadOnlyList<Question> Questions { get; init; }
    public IReadOnlyList<Gate> Gates { get; init; } = [];
    public IReadOnlyList<SetAside> SetAsides { get; init; } = [];
    public IReadOnlyList<ReadinessRule> Readiness { get; init; } = [];
    public string SourcePath { get; init; } = "";
}

/// <summary>An answer option of a question.</summary>
public sealed record QuestionOption
{
    public required string Id { get; init; }
    public required int Index { get; init; }
    public required string Text { get; init; }

    /// <summary>Why this answer moves the scores the way it does; shown beside its contribution.</summary>
    public string Why { get; init; } = "";

    public OutcomeScores Weights { get; init; }

    /// <summary>A "why" for a particular outcome, where the general one would not fit it (it is shown instead).</summary>
    public IReadOnlyDictionary<Outcome, string> WhyFor { get; init; } = new Dictionary<Outcome, string>();

    /// <summary>The "why" to show beside a result of <paramref name="outcome"/>.</summary>
    public string WhyOn(Outcome outcome) => WhyFor.TryGetValue(outcome, out var why) ? why : Why;

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
/// <param name="Tentative">What it says instead while training waits on prompting: the project may need training, not "needs" it.</param>
public sealed record OutcomeInfo(string Title, string Sentence, string? Course, TentativeOutcome? Tentative = null);

/// <summary>An outcome's words while training waits on prompting, and the end of the headline ("fine-tune only if it falls short").</summary>
public sealed record TentativeOutcome(string Title, string Sentence, string HeadlineEnd);

/// <summary>What the site says about one timing: a short label for headlines ("not yet"), a status ("Training: not yet") and a sentence.</summary>
/// <param name="PromptingFirstText">The sentence instead of <paramref name="Text"/> while training waits on prompting.</param>
public sealed record TimingInfo(string Label, string Text, string Status = "", string PromptingFirstText = "");

/// <summary>Why a plan step is there in a particular case, where the step's general reason would not fit.</summary>
public enum PlanCase
{
    /// <summary><see cref="QuizPrinciples.ContradictionsDiagnosed"/>: a knowledge gap with every fact in the request.</summary>
    FactsContradictGap,

    /// <summary>The exception of <see cref="QuizPrinciples.Readiness"/>: training a small model against the prompted large one.</summary>
    CostLimitException,
}

public static class PlanCases
{
    public static readonly IReadOnlyList<PlanCase> All = [PlanCase.FactsContradictGap, PlanCase.CostLimitException];

    public static string Id(this PlanCase planCase) => planCase switch
    {
        PlanCase.FactsContradictGap => "facts-contradict-gap",
        PlanCase.CostLimitException => "cost-limit-exception",
        _ => throw new ArgumentOutOfRangeException(nameof(planCase)),
    };

    public static bool TryParse(string? id, out PlanCase planCase) => ContractIds.TryParse(All, Id, id, out planCase);
}

/// <summary>What the site says about one plan step: a phrase for headlines, the instruction, why it matters, and the guide section behind it.</summary>
public sealed record PlanStepInfo(string Headline, string Text, string Why, string? LearnMore, int Line = 1)
{
    /// <summary>A "why" for a particular case (<see cref="PlanCase"/>), shown instead of <see cref="Why"/> when it applies.</summary>
    public IReadOnlyDictionary<PlanCase, string> WhyWhen { get; init; } = new Dictionary<PlanCase, string>();
}

/// <summary>What the quiz cannot ask about, with the guide sections that do: the result's foot.</summary>
public sealed record NotAsked(string Title, string Intro, IReadOnlyList<NotAskedTopic> Topics);

/// <summary>One situation beyond the questions, and where a guide covers it (none yet is allowed).</summary>
public sealed record NotAskedTopic(string Text, string? LearnMore, int Line = 1);

/// <summary>Answers that make something apply: any one of them is enough.</summary>
public sealed record Condition(IReadOnlyDictionary<string, IReadOnlyList<string>> AnyOf)
{
    /// <summary>The questions whose answers made the condition true; answers set aside do not count.</summary>
    public IEnumerable<Question> MatchedBy(Questionnaire questionnaire, AnswerSet answers, ulong setAside = 0) =>
        AnyOf.Select(pair => questionnaire.FindQuestion(pair.Key)!)
            .Where(q => (setAside & (1UL << q.Index)) == 0 && answers.Get(q) is { } option && AnyOf[q.Id].Contains(option.Id));

    public bool Matches(Questionnaire questionnaire, AnswerSet answers, ulong setAside = 0) => MatchedBy(questionnaire, answers, setAside).Any();

    /// <summary>True when every question named has one of its answers (answers set aside do not count).</summary>
    public bool MatchesAll(Questionnaire questionnaire, AnswerSet answers, ulong setAside = 0) =>
        AnyOf.Count > 0 && MatchedBy(questionnaire, answers, setAside).Count() == AnyOf.Count;
}

/// <summary>A rule that takes outcomes off the table whatever the scores say (e.g. a knowledge gap rules out fine-tuning).</summary>
public sealed record Gate
{
    public required string Id { get; init; }
    public required Condition When { get; init; }
    public required IReadOnlyList<Outcome> Forbid { get; init; }
    public required string Reason { get; init; }
    /// <summary>A warning shown when the gate applies and every question here has one of its answers (all of them, not any).</summary>
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

/// <summary>One line of the readiness checklist, the plan step it calls for when not ready, and what it is readiness for.</summary>
/// <param name="IfWaived">What the result says about the answer when the exception lifts the line (the prompting line only).</param>
public sealed record ReadinessRule(string QuestionId, IReadOnlyList<string> Ready, string Missing, PlanStep Step, ReadinessScope Scope = ReadinessScope.Training, string IfWaived = "");
