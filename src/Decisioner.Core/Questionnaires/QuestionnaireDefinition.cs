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
    public IReadOnlyDictionary<Timing, TimingInfo> Timings { get; init; } = new Dictionary<Timing, TimingInfo>();
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
