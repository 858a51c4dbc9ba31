namespace Decisioner.Core.Questionnaires;

/// <summary>
/// What the quiz contract (version 2) fixes for the <c>rag-vs-fine-tuning</c> questionnaire: the ids that
/// shared links rely on, the answer orders of principle 7 (weakest first), and the answers the plan reads.
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

    /// <summary>Principle 7: moving along these orders never lowers the fine-tuning side.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> FineTuningSide = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["examples"] = ["none", "under-50", "50-500", "over-500"],
        ["evaluation"] = ["none", "manual-review", "automated"],
        ["target-clarity"] = ["not-yet", "rough", "precise"],
        ["prompting"] = ["not-yet", "some", "exhausted"],
        ["capacity"] = ["none", "managed-service", "own-infrastructure"],
    };

    /// <summary>Principle 7: moving along these orders never lowers the RAG side.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RagSide = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["change-rate"] = ["rarely", "yearly", "monthly", "daily"],
        ["long-tail"] = ["little", "some", "mostly"],
        ["sources"] = ["not-needed", "helpful", "required"],
    };

    /// <summary>Principle 13: with all facts in the input, these answers never move the outcome toward retrieval.</summary>
    public static readonly IReadOnlyList<string> SetAsideWithFactsInInput = ["change-rate", "long-tail", "sources", "documents"];

    /// <summary>Principle 4: the readiness questions, the answers that count as ready, and the plan step each one calls for.</summary>
    public static readonly IReadOnlyList<(string Question, string[] Ready, PlanStep Step)> Readiness =
    [
        ("examples", ["50-500", "over-500"], PlanStep.CollectExamples),
        ("evaluation", ["automated", "manual-review"], PlanStep.BuildEvaluation),
        ("target-clarity", ["precise", "rough"], PlanStep.WriteTarget),
        ("capacity", ["managed-service", "own-infrastructure"], PlanStep.ChooseTraining),
    ];

    // The answers the plan reads (principles 5 and 11). A questionnaire without them gets plans without those steps.
    public const string Gap = "gap";
    public const string UnsureGap = "unsure";
    public static readonly IReadOnlyList<string> BehaviourGaps = ["behavior", "task-skill"];
    public static readonly IReadOnlyList<string> KnowledgeGaps = ["missing-knowledge", "stale-knowledge"];
    public const string BothGap = "both";
    public const string Prompting = "prompting";
    public const string PromptingExhausted = "exhausted";
    public const string FactsInInput = "facts-in-input";
    public const string AllFactsInInput = "all";
}
