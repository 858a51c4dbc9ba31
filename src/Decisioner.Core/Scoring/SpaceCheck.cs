using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>What scoring every complete answer set showed.</summary>
public sealed record SpaceReport(long Total, long Rag, long FineTuning, long Both, IReadOnlyList<string> Violations, long ViolationCount)
{
    public double Share(Outcome outcome) => Total == 0 ? 0 : (outcome switch
    {
        Outcome.Rag => Rag,
        Outcome.FineTuning => FineTuning,
        _ => Both,
    }) / (double)Total;
}

/// <summary>
/// Checks the contract's principles 4 (readiness gate), 6 (changing knowledge) and 7 (monotone) over
/// every complete answer set of the <c>rag-vs-fine-tuning</c> questionnaire, and counts the outcomes.
/// </summary>
public static class SpaceCheck
{
    private const int MaxListed = 10;

    public static SpaceReport Run(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var contract = questionnaire.Id == QuizContract.QuestionnaireId;
        var counts = new long[3];
        var violations = new List<string>();
        long violationCount = 0;

        // Index lookups done once: the loop below runs millions of times.
        int Q(string id) => questionnaire.FindQuestion(id)?.Index ?? -1;
        sbyte O(string q, string o) => (sbyte)(questionnaire.FindQuestion(q)?.FindOption(o)?.Index ?? -2);
        var examples = Q("examples");
        var evaluation = Q("evaluation");
        var capacity = Q("capacity");
        var changeRate = Q("change-rate");
        var examplesNone = O("examples", "none");
        var evaluationNone = O("evaluation", "none");
        var capacityNone = O("capacity", "none");
        var daily = O("change-rate", "daily");
        var monthly = O("change-rate", "monthly");
        var fineTuningSide = Orders(questionnaire, QuizContract.FineTuningSide);
        var ragSide = Orders(questionnaire, QuizContract.RagSide);

        var scratch = new sbyte[questionnaire.Questions.Count];

        void Report(ReadOnlySpan<sbyte> choices, string principle)
        {
            violationCount++;
            if (violations.Count < MaxListed)
            {
                violations.Add($"{principle}: {AnswerSet.FromChoices(questionnaire, choices)}");
            }
        }

        AnswerSpace.ForEachComplete(questionnaire, choices =>
        {
            var outcome = ScoringEngine.Decide(questionnaire, choices);
            counts[(int)outcome]++;
            if (!contract)
            {
                return;
            }

            if (outcome != Outcome.Rag && (choices[examples] == examplesNone || choices[evaluation] == evaluationNone || choices[capacity] == capacityNone))
            {
                Report(choices, "principle 4 (readiness gate) gives " + outcome.Id());
            }

            if (outcome == Outcome.FineTuning && (choices[changeRate] == daily || choices[changeRate] == monthly))
            {
                Report(choices, "principle 6 (changing knowledge) gives fine-tuning");
            }

            if (outcome.UsesFineTuning())
            {
                CheckSteps(choices, fineTuningSide, o => o.UsesFineTuning(), "principle 7 (a stronger fine-tuning answer lost fine-tuning)");
            }

            if (outcome.UsesRag())
            {
                CheckSteps(choices, ragSide, o => o.UsesRag(), "principle 7 (a stronger RAG answer lost RAG)");
            }
        });

        return new SpaceReport(counts.Sum(), counts[0], counts[1], counts[2], violations, violationCount);

        void CheckSteps(ReadOnlySpan<sbyte> choices, List<(int Question, sbyte[] Order)> orders, Func<Outcome, bool> keeps, string principle)
        {
            foreach (var (question, order) in orders)
            {
                var at = Array.IndexOf(order, choices[question]);
                if (at < 0 || at == order.Length - 1)
                {
                    continue;
                }

                choices.CopyTo(scratch);
                scratch[question] = order[at + 1];
                if (!keeps(ScoringEngine.Decide(questionnaire, scratch)))
                {
                    Report(choices, principle + $" moving {questionnaire.Questions[question].Id} up");
                }
            }
        }
    }

    private static List<(int, sbyte[])> Orders(Questionnaire questionnaire, IReadOnlyDictionary<string, string[]> orders)
    {
        var result = new List<(int, sbyte[])>();
        foreach (var (questionId, order) in orders)
        {
            if (questionnaire.FindQuestion(questionId) is { } question)
            {
                result.Add((question.Index, [.. order.Select(o => (sbyte)(question.FindOption(o)?.Index ?? -2))]));
            }
        }
        return result;
    }
}
