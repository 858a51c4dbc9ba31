using System.Text.RegularExpressions;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>
/// A reason's words must fit the outcome shown: on a RAG result, an answer that does not itself argue for
/// retrieval must not talk about training ("prompting has hit its limit, the usual sign that training is
/// worth its cost" reads as advice to train). An answer that pulls toward RAG may name training, to say why
/// it is the wrong tool. The whole-space check finds which of the suspects really appear on a RAG result.
/// </summary>
public static partial class ReasonWording
{
    /// <summary>The answers whose text on a RAG result names training while their weights do not favour RAG.</summary>
    public static IReadOnlyList<(Question Question, QuestionOption Option)> Suspects(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        return [.. questionnaire.Questions.SelectMany(q => q.Options.Select(o => (q, o)))
            .Where(p => p.o.Weights.Rag <= p.o.Weights.FineTuning && NamesTraining(p.o.WhyOn(Outcome.Rag)))];
    }

    public static bool NamesTraining(string text) => TrainingWords().IsMatch(text);

    /// <summary>The message for an answer whose reason names training on a RAG result.</summary>
    public static string Problem(Question question, QuestionOption option, string example) =>
        $"'{question.Id}={option.Id}': its reason names training, and it is shown on RAG results (for example {example}); " +
        "give it a 'why-for: { rag: ... }' that fits a RAG result";

    [GeneratedRegex(@"\b(train\w*|fine-tun\w*|tuned)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrainingWords();
}
