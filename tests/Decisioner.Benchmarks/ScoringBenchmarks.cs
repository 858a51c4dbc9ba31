using BenchmarkDotNet.Attributes;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Benchmarks;

/// <summary>
/// Targets (docs/performance.md): one answer set with reasons, plan and flips within 20 µs and 8 KB; the
/// bare outcome of a complete answer set within 100 ns and no allocation.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private AnswerSet _complete = default!;
    private AnswerSet _partial = default!;
    private sbyte[] _choices = [];
    private Questionnaire _quiz = default!;
    private readonly PlanStep[] _plan = new PlanStep[ScoringEngine.MaxPlanLength];

    [GlobalSetup]
    public void Setup()
    {
        _quiz = Shipped.Quiz;
        // The contract's clinical Q&A persona (ten answers, ends at "both", with flips on several
        // questions); completed with each remaining question's first option for the complete set.
        var persona = Shipped.Content.PersonasFor(_quiz.Id).Single(p => p.Name.StartsWith("clinical", StringComparison.Ordinal));
        _partial = AnswerParser.Parse(_quiz, persona.Answers.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value))).Answers;
        _complete = _quiz.Questions.Aggregate(_partial, (set, q) => set.Get(q) is null ? set.With(q, q.Options[0]) : set);
        _choices = _complete.Choices.ToArray();
    }

    [Benchmark(Description = "Recommend: complete set, reasons, plan and flips")]
    public Recommendation RecommendComplete() => ScoringEngine.Recommend(_complete);

    [Benchmark(Description = "Recommend: a persona's ten answers, reasons, plan and flips")]
    public Recommendation RecommendPartial() => ScoringEngine.Recommend(_partial);

    [Benchmark(Description = "Decide: bare outcome of a complete set")]
    public Outcome DecideComplete() => ScoringEngine.Decide(_quiz, _choices);

    [Benchmark(Description = "Judge + Plan: bare outcome, timing and plan of a complete set")]
    public int JudgeAndPlanComplete() => ScoringEngine.Plan(_quiz, _choices, ScoringEngine.Judge(_quiz, _choices), _plan);
}
