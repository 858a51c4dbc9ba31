using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>What scoring every complete answer set showed: how often each outcome and timing came out, and what broke a principle.</summary>
/// <param name="Wording">Reasons whose words do not fit a result they are shown on (<see cref="ReasonWording"/>), each with its question.</param>
public sealed record SpaceReport(long Total, long[] Outcomes, long[] Timings, IReadOnlyList<string> Violations, long ViolationCount,
    IReadOnlyList<(Question Question, string Message)> Wording)
{
    public long Count(Outcome outcome) => Outcomes[(int)outcome];

    public long Count(Timing timing) => Timings[(int)timing];

    public double Share(Outcome outcome) => Total == 0 ? 0 : Count(outcome) / (double)Total;

    public double Share(Timing timing) => Total == 0 ? 0 : Count(timing) / (double)Total;
}

/// <summary>
/// Scores every complete answer set of a questionnaire and counts the outcomes and timings. For the
/// <c>rag-vs-fine-tuning</c> questionnaire each set is also checked against the contract's principles
/// that can be stated over complete sets (<see cref="ContractPrinciples"/>).
/// </summary>
public static class SpaceCheck
{
    private const int MaxListed = 10;

    public static SpaceReport Run(Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        var outcomes = new long[3];
        var timings = new long[3];
        var violations = new List<string>();
        long violationCount = 0;
        var contract = questionnaire.Id == QuizContract.QuestionnaireId ? new ContractPrinciples(questionnaire) : null;
        var scratch = new sbyte[questionnaire.Questions.Count];
        var plan = new PlanStep[ScoringEngine.MaxPlanLength];
        // Usually none: only answers whose RAG text names training are watched for on RAG results.
        var suspects = contract is null ? [] : ReasonWording.Suspects(questionnaire).Select(s => (s.Question.Index, (sbyte)s.Option.Index)).ToArray();
        var seenOnRag = new string?[suspects.Length];

        void Report(ReadOnlySpan<sbyte> choices, string principle)
        {
            violationCount++;
            if (violations.Count < MaxListed)
            {
                violations.Add($"{principle}: {AnswerSet.FromChoices(questionnaire, choices)}");
            }
        }

        // Hot code is compiled optimised at once (no slow first tier): `check` runs this loop once, cold.
        AnswerSpace.ForEachComplete(questionnaire, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (choices) =>
        {
            var tally = questionnaire.Kernel.TallyOf(choices);
            var verdict = ScoringEngine.Judge(questionnaire, tally, choices);
            outcomes[(int)verdict.Outcome]++;
            timings[(int)verdict.Timing]++;
            if (contract is null)
            {
                return;
            }

            for (var i = 0; i < suspects.Length; i++)
            {
                if (verdict.Outcome == Outcome.Rag && seenOnRag[i] is null && choices[suspects[i].Item1] == suspects[i].Item2)
                {
                    seenOnRag[i] = AnswerSet.FromChoices(questionnaire, choices).ToString();
                }
            }

            var steps = plan.AsSpan(0, ScoringEngine.Plan(questionnaire, choices, tally.SetAside, verdict, plan));
            choices.CopyTo(scratch);
            if (contract.Check(questionnaire, choices, tally, verdict, steps, scratch) is { } broken)
            {
                Report(choices, broken);
            }
        });

        var wording = suspects.Select((s, i) => (s, seenOnRag[i]))
            .Where(p => p.Item2 is not null)
            .Select(p => (questionnaire.Questions[p.s.Item1], ReasonWording.Problem(questionnaire.Questions[p.s.Item1], questionnaire.Questions[p.s.Item1].Options[p.s.Item2], p.Item2!)))
            .ToList();
        return new SpaceReport(outcomes.Sum(), outcomes, timings, violations, violationCount, wording);
    }
}
