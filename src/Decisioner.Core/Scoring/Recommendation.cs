using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

public enum ReasonKind
{
    /// <summary>Where every score starts before any answer.</summary>
    Start,

    /// <summary>One answer's signed effect on the scores.</summary>
    Answer,

    /// <summary>A gate that ruled outcomes out; it moves no score.</summary>
    Gate,
}

/// <summary>
/// One line of the explanation. The effects of the start and answer reasons add up exactly to the
/// scores (principle 9); gate reasons carry no effect and say whether they changed the outcome.
/// </summary>
public sealed record Reason(
    ReasonKind Kind,
    string Text,
    OutcomeScores Effect,
    Question? Question = null,
    QuestionOption? Option = null,
    Gate? Gate = null,
    IReadOnlyList<Question>? TriggeredBy = null,
    bool ChangedOutcome = false);

public enum Clarity
{
    /// <summary>The winner leads by at least the "clear" threshold.</summary>
    Clear,

    /// <summary>The winner leads by at least the "leaning" threshold.</summary>
    Leaning,

    /// <summary>A small lead: the flips matter.</summary>
    Close,

    /// <summary>A gate decided it: it overruled the scores, or it left no other outcome on the table.</summary>
    Rule,
}

public enum ReadinessStatus
{
    Ready,
    Missing,
    Unknown,
}

public sealed record ReadinessCheck(Question Question, ReadinessStatus Status, string Missing);

/// <summary>The fine-tuning readiness checklist: examples, evaluation, target clarity, capacity.</summary>
public sealed record Readiness(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool IsReady => Checks.All(c => c.Status == ReadinessStatus.Ready);

    public IEnumerable<ReadinessCheck> Missing => Checks.Where(c => c.Status != ReadinessStatus.Ready);
}

/// <summary>A single-answer change that would change the outcome (principle 10). <c>Option</c> null means "unanswered".</summary>
public sealed record Flip(Question Question, QuestionOption? Option, Outcome Outcome);

/// <summary>The course that fits, and whether the visitor's goal or the outcome chose it.</summary>
public sealed record CourseFit(string CourseId, bool FromGoal);

/// <summary>Everything the result page and the API show for one answer set.</summary>
public sealed record Recommendation
{
    public required AnswerSet Answers { get; init; }
    public required Outcome Outcome { get; init; }

    /// <summary>What the scores alone would have chosen, before gates.</summary>
    public required Outcome ScoresOutcome { get; init; }

    public required OutcomeScores Scores { get; init; }

    /// <summary>The outcome's lead, in points, over the best other outcome still allowed (over all others when none is; negative when a gate overruled the scores).</summary>
    public required int Margin { get; init; }

    public required Clarity Clarity { get; init; }
    public required IReadOnlyList<Reason> Reasons { get; init; }
    public required Readiness Readiness { get; init; }
    public required IReadOnlyList<Flip> Flips { get; init; }
    public required IReadOnlyList<string> NextSteps { get; init; }
    public required CourseFit? Course { get; init; }
    public required IReadOnlyList<Question> Unanswered { get; init; }

    /// <summary>Warnings about the answers themselves, such as hoping fine-tuning will teach facts.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public IEnumerable<Reason> GateReasons => Reasons.Where(r => r.Kind == ReasonKind.Gate);
}
