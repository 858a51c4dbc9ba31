using BenchmarkDotNet.Attributes;
using Decisioner.Core.Questionnaires;
using Decisioner.Core.Scoring;

namespace Decisioner.Benchmarks;

/// <summary>Every complete answer set of the shipped quiz (the product of its option counts), on one thread. Target: the full check within 3 s.</summary>
[MemoryDiagnoser]
public class SpaceBenchmarks
{
    private Questionnaire _quiz = default!;

    [GlobalSetup]
    public void Setup() => _quiz = Shipped.Quiz;

    [Benchmark(Description = "Outcome of every complete set")]
    public long EveryOutcome()
    {
        var counts = new long[3];
        var quiz = _quiz;
        AnswerSpace.ForEachComplete(quiz, choices => counts[(int)ScoringEngine.Decide(quiz, choices)]++);
        return counts[0];
    }

    [Benchmark(Description = "SpaceCheck: outcomes, timings, plans and principles 1-7, 11-16")]
    public SpaceReport FullCheck() => SpaceCheck.Run(_quiz);
}
