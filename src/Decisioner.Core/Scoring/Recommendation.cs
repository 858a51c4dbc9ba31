using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// One line of the explanation. The effects of the start and answer reasons add up exactly to the
/// scores (principle 9); rule reasons carry no effect.
/// </summary>
public abstract record Reason(string Text, OutcomeScores Effect);

/// <summary>Where every score starts before any answer.</summary>
public sealed record StartReason(string Text, OutcomeScores Effect) : Reason(Text, Effect);

/// <summary>One answer and its signed effect on the scores; zero when the answer was set aside or moves nothing.</summary>
public sealed record AnswerReason(Question Question, QuestionOption Option, OutcomeScores Effect, SetAside? SetAsideBy = null)
    : Reason(Option.Why, Effect);

/// <summary>A gate that ruled outcomes out, the answers that triggered it, and whether it changed the outcome.</summary>
public sealed record GateReason(Gate Gate, IReadOnlyList<Question> TriggeredBy, bool ChangedOutcome) : Reason(Gate.Reason, default);

/// <summary>A rule that set answers aside (principle 13, or an answer that contradicts the main gap).</summary>
public sealed record SetAsideReason(SetAside Rule, IReadOnlyList<Question> TriggeredBy, IReadOnlyList<Question> SetAside) : Reason(Rule.Reason, default);

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

/// <summary>The fine-tuning readiness checklist (principle 4): examples, evaluation, target clarity, capacity.</summary>
public sealed record Readiness(IReadOnlyList<ReadinessCheck> Checks)
{
    /// <summary>Ready only when every check is answered and ready; an unanswered check is "not confirmed", never ready.</summary>
    public bool IsReady => Checks.Count > 0 && Checks.All(c => c.Status == ReadinessStatus.Ready);

    public IEnumerable<ReadinessCheck> Missing => Checks.Where(c => c.Status != ReadinessStatus.Ready);
}

/// <summary>One step of the plan: what to do, why it is in this plan, and where the guide explains it.</summary>
/// <param name="Because">The answers that put the step in the plan (a readiness answer, the gap, prompting); empty when the outcome alone did.</param>
public sealed record PlanItem(PlanStep Step, PlanStepInfo Info, string Why, IReadOnlyList<Question> Because);

/// <summary>A single-answer change that would change the outcome or the timing (principle 10).</summary>
public sealed record Flip(Question Question, QuestionOption Option, Outcome Outcome, Timing Timing);

/// <summary>The course that fits, and whether the visitor's goal or the outcome chose it.</summary>
public sealed record CourseFit(string CourseId, bool FromGoal);

/// <summary>Everything the result page and the API show for one answer set.</summary>
public sealed record Recommendation
{
    public required AnswerSet Answers { get; init; }
    public required Outcome Outcome { get; init; }
    public required Timing Timing { get; init; }

    /// <summary>Outcome and timing in one sentence, such as "Fine-tuning, not yet: push prompting first, then write the target down".</summary>
    public required string Headline { get; init; }

    /// <summary>What the scores alone would have chosen, before gates.</summary>
    public required Outcome ScoresOutcome { get; init; }

    public required OutcomeScores Scores { get; init; }

    /// <summary>The outcome's lead, in points, over the best other outcome still allowed (over all others when none is; negative when a gate overruled the scores).</summary>
    public required int Margin { get; init; }

    public required Clarity Clarity { get; init; }
    public required IReadOnlyList<Reason> Reasons { get; init; }
    public required Readiness Readiness { get; init; }

    /// <summary>What to do now, in order (principles 11 and 12).</summary>
    public required IReadOnlyList<PlanItem> Plan { get; init; }

    public required IReadOnlyList<Flip> Flips { get; init; }
    public required CourseFit? Course { get; init; }
    public required IReadOnlyList<Question> Unanswered { get; init; }

    /// <summary>Warnings about the answers themselves, such as hoping fine-tuning will teach facts.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public IEnumerable<GateReason> GateReasons => Reasons.OfType<GateReason>();

    public IEnumerable<SetAsideReason> SetAsideReasons => Reasons.OfType<SetAsideReason>();
}
