namespace Decisioner.Core.Questionnaires;

/// <summary>
/// What the quiz contract (version 3) fixes for the <c>rag-vs-fine-tuning</c> questionnaire: the ids that
/// shared links rely on, the answer orders of <see cref="QuizPrinciples.Monotone"/> (weakest first), the
/// readiness lines, and the answers the plan reads. <c>docs/quiz-rules.md</c> lists the same ids for people.
/// </summary>
public static class QuizContract
{
    public const string QuestionnaireId = "rag-vs-fine-tuning";

    public static readonly IReadOnlyDictionary<string, string[]> Questions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["gap"] = ["missing-knowledge", "stale-knowledge", "behavior", "task-skill", "both", "unsure"],
        ["facts-in-input"] = ["all", "some", "none"],
        ["change-rate"] = ["daily", "monthly", "yearly", "rarely"],
        ["long-tail"] = ["mostly", "some", "little"],
        ["sources"] = ["required", "helpful", "not-needed"],
        ["documents"] = ["organized", "scattered", "none"],
        ["examples"] = ["none", "under-50", "50-500", "over-500"],
        ["target-clarity"] = ["precise", "rough", "not-yet"],
        ["evaluation"] = ["automated", "manual-review", "none"],
        ["prompting"] = ["exhausted", "some", "not-yet"],
        ["efficiency"] = ["hard-limit", "matters", "not-a-concern"],
        ["timeline"] = ["days", "weeks", "months"],
        ["capacity"] = ["none", "managed-service", "own-infrastructure"],
        ["goal"] = ["build-products", "adapt-models", "run-in-production"],
    };

    /// <summary><see cref="QuizPrinciples.Monotone"/>: moving along these orders never lowers the fine-tuning side.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> FineTuningSide = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["examples"] = ["none", "under-50", "50-500", "over-500"],
        ["evaluation"] = ["none", "manual-review", "automated"],
        ["target-clarity"] = ["not-yet", "rough", "precise"],
        ["prompting"] = ["not-yet", "some", "exhausted"],
        ["capacity"] = ["none", "managed-service", "own-infrastructure"],
    };

    /// <summary><see cref="QuizPrinciples.Monotone"/>: moving along these orders never lowers the RAG side.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RagSide = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["change-rate"] = ["rarely", "yearly", "monthly", "daily"],
        ["long-tail"] = ["little", "some", "mostly"],
        ["sources"] = ["not-needed", "helpful", "required"],
    };

    /// <summary><see cref="QuizPrinciples.FactsInInput"/>: with all facts in the input, these answers never move the outcome toward retrieval.</summary>
    public static readonly IReadOnlyList<string> SetAsideWithFactsInInput = ["change-rate", "long-tail", "sources", "documents"];

    /// <summary>
    /// <see cref="QuizPrinciples.Readiness"/> and <see cref="QuizPrinciples.RetrievalReadiness"/>: the readiness
    /// lines, the answers that count as ready, the plan step each calls for, and what they are readiness for.
    /// Training lines hold back fine-tuning and both (an unanswered one means "confirm first"); the retrieval
    /// line holds back RAG and both, and only when answered as not ready.
    /// </summary>
    public static readonly IReadOnlyList<(string Question, string[] Ready, PlanStep Step, ReadinessScope Scope)> Readiness =
    [
        ("examples", ["50-500", "over-500"], PlanStep.CollectExamples, ReadinessScope.Training),
        ("evaluation", ["automated", "manual-review"], PlanStep.BuildEvaluation, ReadinessScope.Training),
        ("target-clarity", ["precise", "rough"], PlanStep.WriteTarget, ReadinessScope.Training),
        ("capacity", ["managed-service", "own-infrastructure"], PlanStep.ChooseTraining, ReadinessScope.Training),
        ("prompting", ["exhausted"], PlanStep.Prompting, ReadinessScope.Training),
        ("documents", ["organized", "scattered"], PlanStep.GatherSources, ReadinessScope.Retrieval),
    ];

    // The answers the plan and the timing read. A questionnaire without them gets plans without those steps.
    public const string Gap = "gap";
    public const string UnsureGap = "unsure";
    public static readonly IReadOnlyList<string> BehaviourGaps = ["behavior", "task-skill"];
    public static readonly IReadOnlyList<string> KnowledgeGaps = ["missing-knowledge", "stale-knowledge"];
    public const string BothGap = "both";
    public const string Prompting = "prompting";
    public const string PromptingExhausted = "exhausted";
    public const string FactsInInput = "facts-in-input";
    public const string AllFactsInInput = "all";
    public const string Evaluation = "evaluation";
    public const string NoEvaluation = "none";
    public const string Documents = "documents";

    /// <summary><see cref="QuizPrinciples.RetrievalReadiness"/>: the documents answers that put <c>gather-sources</c> in the plan.</summary>
    public static readonly IReadOnlyList<string> DocumentsToGather = ["scattered", "none"];

    /// <summary>
    /// The exception of <see cref="QuizPrinciples.Readiness"/>: with all of these answers, prompting is not a
    /// readiness line (train a small model, with the prompted large one as the baseline to beat).
    /// </summary>
    public static readonly IReadOnlyList<(string Question, string Option)> PromptingException =
        [("efficiency", "hard-limit"), ("examples", "over-500"), ("evaluation", "automated")];
}

/// <summary>What a readiness line is readiness for.</summary>
public enum ReadinessScope
{
    /// <summary>Training (fine-tuning and both): an unanswered line means "confirm first".</summary>
    Training,

    /// <summary>Retrieval (RAG and both): only an answer that is not ready holds the timing back.</summary>
    Retrieval,
}
