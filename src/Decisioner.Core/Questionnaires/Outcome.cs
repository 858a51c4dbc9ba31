namespace Decisioner.Core.Questionnaires;

/// <summary>What the quiz recommends. The ids (<c>rag</c>, <c>fine-tuning</c>, <c>both</c>) are fixed by the contract.</summary>
public enum Outcome
{
    Rag = 0,
    FineTuning = 1,
    Both = 2,
}

public static class Outcomes
{
    public static readonly IReadOnlyList<Outcome> All = [Outcome.Rag, Outcome.FineTuning, Outcome.Both];

    public static string Id(this Outcome outcome) => outcome switch
    {
        Outcome.Rag => "rag",
        Outcome.FineTuning => "fine-tuning",
        Outcome.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static bool TryParse(string? id, out Outcome outcome)
    {
        switch (id)
        {
            case "rag":
                outcome = Outcome.Rag;
                return true;
            case "fine-tuning":
                outcome = Outcome.FineTuning;
                return true;
            case "both":
                outcome = Outcome.Both;
                return true;
            default:
                outcome = Outcome.Rag;
                return false;
        }
    }

    /// <summary>True when the outcome uses retrieval (the "RAG side" of <see cref="QuizPrinciples.Monotone"/>).</summary>
    public static bool UsesRag(this Outcome outcome) => outcome is Outcome.Rag or Outcome.Both;

    /// <summary>True when the outcome uses fine-tuning (the "fine-tuning side" of <see cref="QuizPrinciples.Monotone"/>).</summary>
    public static bool UsesFineTuning(this Outcome outcome) => outcome is Outcome.FineTuning or Outcome.Both;
}

/// <summary>One number per outcome: scores, or an answer's effect on them.</summary>
public readonly record struct OutcomeScores(int Rag, int FineTuning, int Both)
{
    public int this[Outcome outcome] => outcome switch
    {
        Outcome.Rag => Rag,
        Outcome.FineTuning => FineTuning,
        _ => Both,
    };

    public bool IsZero => Rag == 0 && FineTuning == 0 && Both == 0;

    public static OutcomeScores operator +(OutcomeScores a, OutcomeScores b) =>
        new(a.Rag + b.Rag, a.FineTuning + b.FineTuning, a.Both + b.Both);
}

/// <summary>
/// When to act on the outcome (contract version 3): for fine-tuning and both, readiness to train; for RAG,
/// when to start building. The ids (<c>now</c>, <c>not-yet</c>, <c>confirm-first</c>) are fixed.
/// </summary>
public enum Timing
{
    /// <summary>Go ahead: RAG unless there are no documents; fine-tuning and both when every readiness line is ready.</summary>
    Now = 0,

    /// <summary>At least one readiness answer says the team is not ready (to train, or with nothing to retrieve).</summary>
    NotYet = 1,

    /// <summary>Nothing says "not ready", but some readiness questions are unanswered.</summary>
    ConfirmFirst = 2,
}

/// <summary>The steps of a plan. The ids are fixed by the contract; their texts are the editors'.</summary>
public enum PlanStep
{
    Diagnose = 0,
    Prompting = 1,
    Retrieval = 2,
    WriteTarget = 3,
    CollectExamples = 4,
    BuildEvaluation = 5,
    ChooseTraining = 6,
    FineTune = 7,

    /// <summary>Contract version 3; numbered last so that the earlier steps keep their numbers.</summary>
    GatherSources = 8,
}

public static class Timings
{
    public static readonly IReadOnlyList<Timing> All = [Timing.Now, Timing.NotYet, Timing.ConfirmFirst];

    public static string Id(this Timing timing) => timing switch
    {
        Timing.Now => "now",
        Timing.NotYet => "not-yet",
        Timing.ConfirmFirst => "confirm-first",
        _ => throw new ArgumentOutOfRangeException(nameof(timing)),
    };

    public static bool TryParse(string? id, out Timing timing) => ContractIds.TryParse(All, Id, id, out timing);
}

public static class PlanSteps
{
    /// <summary>Every step, in the order the contract lists them (also the order readiness steps are taken in).</summary>
    public static readonly IReadOnlyList<PlanStep> All =
        [PlanStep.Diagnose, PlanStep.GatherSources, PlanStep.Prompting, PlanStep.Retrieval, PlanStep.WriteTarget, PlanStep.CollectExamples, PlanStep.BuildEvaluation, PlanStep.ChooseTraining, PlanStep.FineTune];

    public static string Id(this PlanStep step) => step switch
    {
        PlanStep.Diagnose => "diagnose",
        PlanStep.GatherSources => "gather-sources",
        PlanStep.Prompting => "prompting",
        PlanStep.Retrieval => "retrieval",
        PlanStep.WriteTarget => "write-target",
        PlanStep.CollectExamples => "collect-examples",
        PlanStep.BuildEvaluation => "build-evaluation",
        PlanStep.ChooseTraining => "choose-training",
        PlanStep.FineTune => "fine-tune",
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    public static bool TryParse(string? id, out PlanStep step) => ContractIds.TryParse(All, Id, id, out step);

    /// <summary>"diagnose, prompting, ...": the step ids for messages that list them.</summary>
    public static string IdList { get; } = string.Join(", ", All.Select(s => s.Id()));
}

/// <summary>Reads an id the contract fixes (a timing, a plan step) back into its value.</summary>
internal delegate bool ContractIdParser<T>(string? id, out T value);

internal static class ContractIds
{
    /// <summary>The value whose id is <paramref name="id"/>; false, and the first value, when none is.</summary>
    public static bool TryParse<T>(IReadOnlyList<T> all, Func<T, string> idOf, string? id, out T value)
    {
        foreach (var candidate in all)
        {
            if (idOf(candidate) == id)
            {
                value = candidate;
                return true;
            }
        }

        value = all[0];
        return false;
    }
}

/// <summary>What the project needs and when to act: the bare result of an answer set.</summary>
public readonly record struct Verdict(Outcome Outcome, Timing Timing);
