namespace Decisioner.Core.Questionnaires;

/// <summary>
/// One rule the quiz's scoring obeys (quiz contract version 3). The number is the contract's; the name
/// is how the code, the tests and <c>check</c> refer to it; the statement is plain English, shown on the
/// result page when the rule decided the outcome. <c>docs/quiz-rules.md</c> explains each one.
/// </summary>
/// <param name="ProvedOverTheWholeSpace">True when <c>check</c> proves it for every complete answer set.</param>
public sealed record QuizPrinciple(int Number, string Name, string Statement, bool ProvedOverTheWholeSpace)
{
    /// <summary>"principle 14 (retrieval readiness)": how messages name it.</summary>
    public override string ToString() => $"principle {Number} ({Name})";
}

/// <summary>The principles, in the contract's order: the one place their numbers and names are written.</summary>
public static class QuizPrinciples
{
    public static readonly QuizPrinciple KnowledgeGapGivesRag = new(1, "a knowledge gap gives RAG",
        "When the main gap is knowledge, retrieval is the tool, however ready the team is to train: training a model on documents is a poor way to add facts.", true);

    public static readonly QuizPrinciple BehaviourGapGivesFineTuning = new(2, "a behaviour gap without a knowledge need gives fine-tuning",
        "When the main gap is style, format or a narrow task, and no answer calls for looking facts up, the tools are prompting and then fine-tuning, not retrieval; readiness decides when, not what.", true);

    public static readonly QuizPrinciple BothNeedsGiveBoth = new(3, "knowledge and behaviour needs together give both",
        "When the project needs knowledge looked up and behaviour changed, it needs retrieval for the knowledge, and prompting then fine-tuning for the behaviour.", true);

    public static readonly QuizPrinciple Readiness = new(4, "readiness decides the timing",
        "Training is ready only when examples, evaluation, a written target, somewhere to train and pushed prompting are all in place; a hard cost or latency limit with many examples and automated evaluation lifts the prompting line.", true);

    public static readonly QuizPrinciple UnsureGivesRag = new(5, "unsure, empty and tied answers give RAG, starting with diagnose",
        "When the gap is not known yet, the cheaper experiment comes first: sort some wrong answers, then try retrieval.", true);

    public static readonly QuizPrinciple ChangingKnowledge = new(6, "changing knowledge never gives fine-tuning alone",
        "Knowledge that changes daily or monthly has to be looked up at answer time; a tuned model alone would always be out of date, unless every fact arrives with the request.", true);

    public static readonly QuizPrinciple Monotone = new(7, "a stronger answer never lowers its side",
        "A readier answer never moves the result away from fine-tuning, and a stronger knowledge answer never moves it away from retrieval.", true);

    public static readonly QuizPrinciple Deterministic = new(8, "the same answers give the same result",
        "The result depends only on the answers, not on their order, the server or the time.", false);

    public static readonly QuizPrinciple Explained = new(9, "every score is explained",
        "Every answer that moved a score is listed with its effect, and every rule that changed the outcome has a reason of its own.", false);

    public static readonly QuizPrinciple Counterfactuals = new(10, "the result says what would change it",
        "The result lists each single answer that would change the outcome or the timing.", false);

    public static readonly QuizPrinciple PromptingFirst = new(11, "prompting first",
        "For a behaviour or task gap, prompting is pushed before any training, unless the hard-limit exception applies.", true);

    public static readonly QuizPrinciple PlanOrder = new(12, "plan order",
        "RAG starts with retrieval (or diagnose, or gathering sources); training is always the last step, after every readiness step that is missing.", true);

    public static readonly QuizPrinciple FactsInInput = new(13, "facts in the input are set aside from the knowledge answers",
        "When every request brings the facts its answer needs, how often knowledge changes, rare facts, sources and documents do not call for retrieval.", true);

    public static readonly QuizPrinciple RetrievalReadiness = new(14, "retrieval readiness",
        "Retrieval needs documents to search: scattered or missing documents are gathered first, and with none at all the timing is not yet.", true);

    public static readonly QuizPrinciple MeasureFirst = new(15, "measure first",
        "With no way to check answers, an evaluation set comes before prompting and before any training.", true);

    public static readonly QuizPrinciple ContradictionsDiagnosed = new(16, "contradictions are diagnosed",
        "A knowledge gap while every fact arrives with the request cannot both be true: the facts answer is set aside and the plan starts by finding out which is true.", true);

    public static readonly IReadOnlyList<QuizPrinciple> All =
    [
        KnowledgeGapGivesRag, BehaviourGapGivesFineTuning, BothNeedsGiveBoth, Readiness, UnsureGivesRag, ChangingKnowledge, Monotone,
        Deterministic, Explained, Counterfactuals, PromptingFirst, PlanOrder, FactsInInput, RetrievalReadiness, MeasureFirst, ContradictionsDiagnosed,
    ];

    /// <summary>The principles <c>check</c> proves over every complete answer set, in order.</summary>
    public static IEnumerable<QuizPrinciple> ProvedOverTheWholeSpace => All.Where(p => p.ProvedOverTheWholeSpace);

    /// <summary>"1-7 and 11-16": the numbers of <paramref name="principles"/> as ranges, for summaries.</summary>
    public static string Ranges(IEnumerable<QuizPrinciple> principles)
    {
        ArgumentNullException.ThrowIfNull(principles);
        var numbers = principles.Select(p => p.Number).Order().ToList();
        var ranges = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var end = i;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1)
            {
                end++;
            }

            ranges.Add(end == i ? $"{numbers[i]}" : $"{numbers[i]}-{numbers[end]}");
            i = end + 1;
        }

        return ranges.Count <= 1 ? string.Concat(ranges) : string.Join(", ", ranges[..^1]) + " and " + ranges[^1];
    }
}
