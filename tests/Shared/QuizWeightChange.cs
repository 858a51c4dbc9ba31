namespace Decisioner.Tests;

/// <summary>
/// A one-number change to the shipped quiz that two personas notice: a "Not needed" answer about sources starts
/// to lean a point towards RAG, which tips two personas whose RAG and "both" scores were level. (Every such change
/// also breaks a contract rule for some answer sets: the shipped personas sit right at those rules' edges.)
/// </summary>
internal static class QuizWeightChange
{
    public const string File = "questionnaires/rag-vs-fine-tuning.yaml";

    public const string From = "why: No need for sources, so this does not argue either way.\n        weights: { rag: 0, fine-tuning: 0, both: 0 }";

    public const string To = "why: No need for sources, so this does not argue either way.\n        weights: { rag: 1, fine-tuning: 0, both: 0 }";

    public static readonly string[] FlippedPersonas = ["medical coding with a fixed code book", "translation memory for product terms"];

    public static string Apply(string quiz)
    {
        var at = quiz.IndexOf(From, StringComparison.Ordinal);
        if (at < 0 || quiz.IndexOf(From, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("the shipped quiz no longer has exactly one 'Not needed' sources answer with zero weights; choose another change");
        }

        return string.Concat(quiz.AsSpan(0, at), To, quiz.AsSpan(at + From.Length));
    }
}
