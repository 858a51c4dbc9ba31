using System.Runtime.CompilerServices;
using Decisioner.Core.Questionnaires;

namespace Decisioner.Core.Scoring;

/// <summary>What scoring every complete answer set showed: how often each outcome and timing came out, and what broke a principle.</summary>
/// <param name="Total">Every complete answer set; each one is counted in the outcomes and timings.</param>
/// <param name="Scored">The sets actually run: one per class of sets that differ only in questions nothing reads (see <see cref="SpaceCheck"/>).</param>
/// <param name="Wording">Reasons whose words do not fit a result they are shown on (<see cref="ReasonWording"/>), each with its question.</param>
public sealed record SpaceReport(long Total, long Scored, long[] Outcomes, long[] Timings, IReadOnlyList<string> Violations, long ViolationCount,
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
/// <para>
/// A question that nothing reads (no weight, gate, set-aside rule, readiness line, plan or timing rule,
/// nor any principle: <see cref="QuestionnaireKernel.IsInert"/>, <see cref="ContractPrinciples.Reads"/>),
/// such as the course-only <c>goal</c>, cannot change any result. Sets that differ only in such answers
/// have the same verdict, plan and principle checks, so one of them is run and counted for all: the
/// proof still covers every complete set, for a third of the work. The tables decide which questions
/// those are, so an edit that gives <c>goal</c> a weight brings it back into the run.
/// </para>
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

        void Report(ReadOnlySpan<sbyte> choices, string principle, long sets)
        {
            violationCount += sets;
            if (violations.Count < MaxListed)
            {
                violations.Add($"{principle}: {AnswerSet.FromChoices(questionnaire, choices)}");
            }
        }

        // One answer of each inert question stands for all of them; every set it stands for is counted.
        var questions = questionnaire.Questions;
        var inert = questions.Select(q => questionnaire.Kernel.IsInert(q.Index) && contract?.Reads(q.Index) != true && !suspects.Any(s => s.Item1 == q.Index)).ToArray();
        var weight = questions.Where(q => inert[q.Index]).Aggregate(1L, (n, q) => n * q.Options.Count);
        var allowed = questions.Select(q => inert[q.Index] ? [0] : Enumerable.Range(0, q.Options.Count).Select(i => (sbyte)i).ToArray()).ToArray();
        long scored = 0;

        // Hot code is compiled optimised at once (no slow first tier): `check` runs this loop once, cold.
        AnswerSpace.ForEach(allowed, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (choices) =>
        {
            var tally = questionnaire.Kernel.TallyOf(choices);
            var verdict = ScoringEngine.Judge(questionnaire, tally, choices);
            scored++;
            outcomes[(int)verdict.Outcome] += weight;
            timings[(int)verdict.Timing] += weight;
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
                Report(choices, broken, weight);
            }
        });

        var wording = suspects.Select((s, i) => (s, seenOnRag[i]))
            .Where(p => p.Item2 is not null)
            .Select(p => (questionnaire.Questions[p.s.Item1], ReasonWording.Problem(questionnaire.Questions[p.s.Item1], questionnaire.Questions[p.s.Item1].Options[p.s.Item2], p.Item2!)))
            .ToList();
        return new SpaceReport(outcomes.Sum(), scored, outcomes, timings, violations, violationCount, wording);
    }
}
