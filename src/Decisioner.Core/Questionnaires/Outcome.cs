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

    /// <summary>True when the outcome uses retrieval (the "RAG side" of principle 7).</summary>
    public static bool UsesRag(this Outcome outcome) => outcome is Outcome.Rag or Outcome.Both;

    /// <summary>True when the outcome uses fine-tuning (the "fine-tuning side" of principle 7).</summary>
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
