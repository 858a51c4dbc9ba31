using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// One line of the explanation. The effects of the start and answer reasons add up exactly to the
/// scores (<see cref="QuizPrinciples.Explained"/>); rule reasons carry no effect.
/// </summary>
public abstract record Reason(string Text, OutcomeScores Effect);

/// <summary>Where every score starts before any answer.</summary>
public sealed record StartReason(string Text, OutcomeScores Effect) : Reason(Text, Effect);

/// <summary>
/// One answer and its signed effect on the scores; zero when the answer was set aside or moves nothing. The
/// text fits the outcome shown (<see cref="QuestionOption.WhyOn"/>); for an answer set aside it is the rule's.
/// </summary>
public sealed record AnswerReason(Question Question, QuestionOption Option, OutcomeScores Effect, string Text, SetAside? SetAsideBy = null)
    : Reason(Text, Effect);

/// <summary>A gate that ruled outcomes out, the answers that triggered it, and whether it changed the outcome.</summary>
public sealed record GateReason(Gate Gate, IReadOnlyList<Question> TriggeredBy, bool ChangedOutcome) : Reason(Gate.Reason, default);

/// <summary>A rule that set answers aside (<see cref="QuizPrinciples.FactsInInput"/>, or <see cref="QuizPrinciples.ContradictionsDiagnosed"/>).</summary>
public sealed record SetAsideReason(SetAside Rule, IReadOnlyList<Question> TriggeredBy, IReadOnlyList<Question> SetAside) : Reason(Rule.Reason, default);

public enum Clarity
{
    /// <summary>The winner leads by at least the "clear" threshold.</summary>
    Clear,

    /// <summary>The winner leads by at least the "leaning" threshold.</summary>
    Leaning,

    /// <summary>A small lead: the flips matter.</summary>
    Close,

    /// <summary>A rule decided it (<see cref="Recommendation.DecidedBy"/>), or a gate overruled the scores or left no other outcome.</summary>
    Rule,
}

public enum ReadinessStatus
{
    Ready,
    Missing,
    Unknown,

    /// <summary>The line does not count here: the exception of <see cref="QuizPrinciples.Readiness"/> lifts the prompting line.</summary>
    Waived,
}

public sealed record ReadinessCheck(Question Question, ReadinessStatus Status, string Missing, ReadinessScope Scope = ReadinessScope.Training);

/// <summary>
/// The readiness lines that count for the outcome (<see cref="QuizPrinciples.Readiness"/>, <see cref="QuizPrinciples.RetrievalReadiness"/>):
/// the training lines for fine-tuning and both, the documents line for RAG and both.
/// </summary>
/// <param name="IsReady">True exactly when the timing is now: nothing that counts is missing or open.</param>
public sealed record Readiness(IReadOnlyList<ReadinessCheck> Checks, bool IsReady)
{
    /// <summary>The lines not in place: missing, or not answered.</summary>
    public IEnumerable<ReadinessCheck> Missing => Checks.Where(c => c.Status is ReadinessStatus.Missing or ReadinessStatus.Unknown);
}

/// <summary>One step of the plan: what to do, why it is in this plan, and where the guide explains it.</summary>
/// <param name="Because">The answers that put the step in the plan (a readiness answer, the gap, prompting); empty when the outcome alone did.</param>
public sealed record PlanItem(PlanStep Step, PlanStepInfo Info, string Why, IReadOnlyList<Question> Because);

/// <summary>A single-answer change that would change the outcome or the timing (<see cref="QuizPrinciples.Counterfactuals"/>).</summary>
public sealed record Flip(Question Question, QuestionOption Option, Outcome Outcome, Timing Timing);

/// <summary>The course that fits, and whether the visitor's goal or the outcome chose it.</summary>
public sealed record CourseFit(string CourseId, bool FromGoal);

/// <summary>Everything the result page and the API show for one answer set.</summary>
public sealed record Recommendation
{
    public required AnswerSet Answers { get; init; }
    public required Outcome Outcome { get; init; }
    public required Timing Timing { get; init; }

    /// <summary>Outcome and timing in one sentence, such as "Fine-tuning, not yet: push prompting as far as it goes; fine-tune only if it falls short".</summary>
    public required string Headline { get; init; }

    /// <summary>
    /// True when training waits on prompting (prompting is in the plan): the result then says the project may
    /// need fine-tuning if prompting falls short, not that it needs it.
    /// </summary>
    public required bool TrainingWaitsOnPrompting { get; init; }

    /// <summary>What the project needs, as the result names it ("Fine-tuning", or "Fine-tuning, if prompting falls short").</summary>
    public required string OutcomeTitle { get; init; }

    /// <summary>The outcome's sentence, in the same spirit as <see cref="OutcomeTitle"/>.</summary>
    public required string Sentence { get; init; }

    /// <summary>What the timing is about and its status: "Training: not yet", "Start building: now".</summary>
    public required string TimingLine { get; init; }

    /// <summary>The timing explained in a sentence or two.</summary>
    public required string TimingText { get; init; }

    /// <summary>The principle that decided the outcome, when one did (the scores then only show how far apart the options are).</summary>
    public required QuizPrinciple? DecidedBy { get; init; }

    /// <summary>How sure the call is, in words: which rule decided and what would change it, or the margin and what it means.</summary>
    public required string Confidence { get; init; }

    /// <summary>What the scores alone would have chosen, before gates.</summary>
    public required Outcome ScoresOutcome { get; init; }

    public required OutcomeScores Scores { get; init; }

    /// <summary>The outcome's lead, in points, over the best other outcome still allowed (over all others when none is; negative when a gate overruled the scores).</summary>
    public required int Margin { get; init; }

    public required Clarity Clarity { get; init; }
    public required IReadOnlyList<Reason> Reasons { get; init; }
    public required Readiness Readiness { get; init; }

    /// <summary>What to do now, in order (<see cref="QuizPrinciples.PromptingFirst"/>, <see cref="QuizPrinciples.PlanOrder"/> and 14-16).</summary>
    public required IReadOnlyList<PlanItem> Plan { get; init; }

    public required IReadOnlyList<Flip> Flips { get; init; }
    public required CourseFit? Course { get; init; }
    public required IReadOnlyList<Question> Unanswered { get; init; }

    /// <summary>Warnings about the answers themselves, such as hoping fine-tuning will teach facts.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public IEnumerable<GateReason> GateReasons => Reasons.OfType<GateReason>();

    public IEnumerable<SetAsideReason> SetAsideReasons => Reasons.OfType<SetAsideReason>();
}
