namespace Decisioner.Core.Questionnaires;

/// <summary>
/// What the quiz contract fixes for the <c>rag-vs-fine-tuning</c> questionnaire: the ids that shared
/// links rely on, and the answer orders of principle 7 (weakest first).
/// </summary>
public static class QuizContract
{
    public const string QuestionnaireId = "rag-vs-fine-tuning";

    public static readonly IReadOnlyDictionary<string, string[]> Questions = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["gap"] = ["missing-knowledge", "stale-knowledge", "behavior", "task-skill", "both", "unsure"],
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

    /// <summary>Query keys the quiz pages use for themselves; no question may take these ids.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal) { "at", "presenter" };
}
